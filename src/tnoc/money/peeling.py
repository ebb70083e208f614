"""Peeling chains on a transaction-flow graph.

A peeling chain spends one large output through a long run of transactions, each paying a
small amount out ("peeling") and passing the change on to the next (Meiklejohn et al.,
"A Fistful of Bitcoins", IMC 2013, §5; common in ransomware cash-out and darknet-market
payouts). On a graph of transactions (``TransactionFlow``) the chain is a path of
transactions with one input transaction and one or two output transactions, where each
passes on to the next; ``min_length`` or more such transactions in a row form a chain.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from tnoc.money.scoring import TxGraph


def peeling_chains(g: TxGraph, min_length: int = 5, max_outputs: int = 2) -> list[np.ndarray]:
    """Chains as arrays of node indices in ``g`` (each at least ``min_length`` long)."""
    a = g.adjacency()
    out_d = np.asarray(a.sum(1)).ravel()
    in_d = np.asarray(a.sum(0)).ravel()
    link = (in_d <= 1) & (out_d >= 1) & (out_d <= max_outputs)
    # chain edges: both ends chain-like and the receiver has one input (the change)
    keep = link[g.src] & (link[g.dst] | (out_d[g.dst] == 0)) & (in_d[g.dst] == 1)
    s, d = g.src[keep], g.dst[keep]
    # a transaction with two chain-like outputs continues along both: a branching chain
    # stays one component, as analysts read it
    m = sp.csr_matrix((np.ones(len(s)), (s, d)), shape=(g.n, g.n))
    _, comp = connected_components(m, directed=False)
    touched = np.zeros(g.n, dtype=bool)
    touched[s] = True
    touched[d] = True
    nodes = np.flatnonzero(touched)
    nodes = nodes[np.argsort(comp[nodes], kind="stable")]
    groups = np.split(nodes, np.flatnonzero(np.diff(comp[nodes])) + 1)
    return [grp for grp in groups if len(grp) >= min_length]
