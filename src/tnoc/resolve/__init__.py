"""Entity resolution: strong identifiers, probabilistic linkage (Splink), judgements.

Candidate links go to ``candidate_links`` with their reason (identifier shared, or
Splink's match weights per comparison); only an analyst's (or an explicit rule's)
*judgement* merges entities, by setting ``merged_into`` on their statements, and every
merge can be undone: nothing is deleted.
"""
