"""Multiple Systems Estimation (MSE): how many victims no list saw.

Known victims of modern slavery appear on several lists (local authorities, NGOs,
police, government, the public, the National Crime Agency). How often the lists
overlap tells how many victims are on none: the *dark figure*. The model is the
log-linear Poisson model of capture–recapture (Fienberg 1972; Cormack 1989): every
capture history ``h`` (on which lists a person is) has expected count
``mu_h = exp(b0 + sum_i b_i h_i + sum_(i,j) g_ij h_i h_j)``; the unseen history (on no
list) has ``exp(b0)``, the dark figure. Pairwise terms ``g_ij`` let two lists refer
people to each other (positive dependence) or serve different people (negative).

Which pairwise terms to fit decides the answer, and the procedure matters (issue #25):

* the model stated as chosen is found by the procedure of the UK Home Office estimate
  (Silverman 2014; Bales, Hesketh & Silverman 2015, *Significance* 12(3)): forward
  selection from main effects, each step adding the pairwise term that lowers AIC
  most, kept only while AIC falls and the added term is significant (Wald test at
  ``pthresh``, 5% in the published analysis); its interval is the profile-likelihood
  interval of the chosen model (Cormack 1992, as ``Rcapture::closedpCI.t`` computes
  it), the interval the Home Office published;
* a model's estimate must exist: with sparse tables some pairs of lists never share a
  person, and a model with such a term (or another degenerate pattern of empty cells)
  has no finite maximum-likelihood estimate. Chan, Silverman & Vincent (2021, *JASA*
  116:1297, the R package SparseMSE ``checkident``) test each model by the linear
  program of Fienberg & Rinaldo (2012, *Ann. Statist.* 40:996) for existence and the
  rank of the design for identifiability; models failing either are dropped and named;
* selection by a significance threshold overstates how sure the estimate is (Whitehead,
  Jackson, Balch & Francis 2021, *Journal of Human Trafficking* 7(1)): so beside the
  chosen model every candidate the searches fitted is reported with its estimate, AIC
  and BIC; the models AIC and BIC choose; the Akaike-weighted model average (Burnham &
  Anderson 2002); the spread of the candidates' estimates; and a parametric bootstrap
  interval (seeded) that re-runs the whole selection in each replicate, so it carries
  the selection's uncertainty.
"""

from __future__ import annotations

import csv
import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from scipy import optimize, special, stats

from tnoc.errors import InputFileError, TnocError, Where

Pair = tuple[int, int]
"""A pairwise interaction: the indices of two lists (the lower first)."""

PUBLISHED_THRESHOLD = 0.05
"""The significance a new pairwise term must reach in the Home Office procedure
(Silverman 2014; ``modslavmse::MSEfit`` default)."""


@dataclass(frozen=True)
class ListTable:
    """A list-overlap table: every capture history but the unseen one, with its count.

    ``histories`` holds all ``2**t - 1`` histories (0/1 per list), those the file did
    not name with count 0 (an unobserved pattern is a zero count, not a missing one)."""

    lists: tuple[str, ...]
    histories: np.ndarray
    counts: np.ndarray
    source: str = ""

    @property
    def observed(self) -> int:
        """How many people are on at least one list."""
        return int(self.counts.sum())

    def overlap(self, pair: Pair, counts: np.ndarray | None = None) -> float:
        """How many people are on both lists of ``pair`` (whatever other lists)."""
        y = self.counts if counts is None else counts
        i, j = pair
        return float(y[(self.histories[:, i] == 1) & (self.histories[:, j] == 1)].sum())

    def pair_name(self, pair: Pair) -> str:
        """``"PF×NCA"``: a pairwise term by its lists' names."""
        return f"{self.lists[pair[0]]}×{self.lists[pair[1]]}"


def table_from_rows(lists: Sequence[str], rows: Sequence[tuple[Sequence[int], int]],
                    source: str = "") -> ListTable:
    """A :class:`ListTable` from (history, count) rows, already checked."""
    t = len(lists)
    histories = np.array([h for h in itertools.product((0, 1), repeat=t) if any(h)],
                         dtype=float)
    index = {tuple(int(v) for v in h): k for k, h in enumerate(histories)}
    counts = np.zeros(len(histories))
    for history, count in rows:
        counts[index[tuple(history)]] += count
    return ListTable(tuple(lists), histories, counts, source)


def _at(path: Path, line: int, field: str | None = None) -> Where:
    return Where(path, line, field, row_label="line")


def read_list_table(path: Path) -> ListTable:
    """Read a list-overlap table: a header, then one row per observed capture history,
    a 0/1 column per list and a last column with the count, whatever the names.

    Checked: at least two lists; every list cell 0 or 1; counts whole and not
    negative; no row on no list (that is the unknown the estimate is for); no history
    twice. Errors name the row (line of the file) and the field."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as failed:
        raise InputFileError(f"cannot read the list table: {failed}", Where(path),
                             "a UTF-8 CSV file") from failed
    if not rows or len(rows[0]) < 3:
        raise InputFileError("the header has fewer than three columns", _at(path, 1),
                             "a column per list (at least two lists) and a count column")
    header = [h.strip() for h in rows[0]]
    lists, count_name = header[:-1], header[-1]
    if len(set(lists)) != len(lists) or any(not n for n in lists):
        raise InputFileError("list names are empty or repeated", _at(path, 1),
                             "a distinct name for each list column")
    seen: dict[tuple[int, ...], int] = {}
    parsed: list[tuple[tuple[int, ...], int]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputFileError(f"{len(row)} fields", _at(path, line),
                                 f"{len(header)} fields, as the header has")
        history = []
        for name, cell in zip(lists, row, strict=False):
            if cell.strip() not in ("0", "1"):
                raise InputFileError(f"{cell.strip()!r} is not 0 or 1",
                                     _at(path, line, name), "0 or 1: on the list or not")
            history.append(int(cell.strip()))
        raw = row[-1].strip()
        try:
            count = float(raw)
        except ValueError:
            count = math.nan
        if not math.isfinite(count) or count < 0 or count != int(count):
            raise InputFileError(f"{raw!r} is not a count", _at(path, line, count_name),
                                 "a whole number of people, 0 or more")
        key = tuple(history)
        if not any(key):
            raise InputFileError("a row on no list", _at(path, line),
                                 "only observed histories: the number on no list is "
                                 "what is estimated")
        if key in seen:
            raise InputFileError(f"the same lists as line {seen[key]}", _at(path, line),
                                 "one row per capture history")
        seen[key] = line
        parsed.append((key, int(count)))
    if not parsed or sum(c for _, c in parsed) == 0:
        raise InputFileError("no one is on any list", Where(path),
                             "at least one row with a positive count")
    return table_from_rows(lists, parsed, str(path))


# --- fitting one model ----------------------------------------------------------------


def design(table: ListTable, terms: Sequence[Pair], unseen: bool = False) -> np.ndarray:
    """The design matrix: intercept, a main effect per list, a column per pairwise term;
    with ``unseen`` a first row for the history on no list."""
    h = table.histories
    if unseen:
        h = np.vstack([np.zeros(h.shape[1]), h])
    columns = [np.ones(len(h)), *(h[:, i] for i in range(h.shape[1])),
               *(h[:, i] * h[:, j] for i, j in terms)]
    return np.column_stack(columns)


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model: its terms, the estimated population (observed plus
    dark figure), AIC, BIC and the fitted cell means."""

    terms: tuple[Pair, ...]
    estimate: float
    dark_figure: float
    aic: float
    bic: float
    llf: float
    params: np.ndarray
    pvalues: np.ndarray
    mu: np.ndarray


def _glm(X: np.ndarray, y: np.ndarray, start: np.ndarray | None = None) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # near-boundary fits warn; existence is checked
        return sm.GLM(y, X, family=sm.families.Poisson()).fit(start_params=start)


def fit_model(table: ListTable, terms: Sequence[Pair], counts: np.ndarray | None = None,
              start: np.ndarray | None = None) -> ModelFit:
    """Fit the Poisson log-linear model with main effects and ``terms`` (statsmodels
    GLM). AIC is ``-2 llf + 2k``; BIC is ``-2 llf + k log n`` with ``n`` the people
    observed (as ``Rcapture`` counts it)."""
    y = table.counts if counts is None else counts
    result = _glm(design(table, terms), y, start)
    params = np.asarray(result.params)  # type: ignore[attr-defined]
    llf = float(result.llf)  # type: ignore[attr-defined]
    k = len(params)
    dark = float(math.exp(params[0]))
    n = float(y.sum())
    return ModelFit(tuple(terms), n + dark, dark, -2 * llf + 2 * k,
                    -2 * llf + k * math.log(max(n, 2.0)), llf, params,
                    np.asarray(result.pvalues),  # type: ignore[attr-defined]
                    np.asarray(result.mu))  # type: ignore[attr-defined]


def existence_problem(table: ListTable, terms: Sequence[Pair],
                      counts: np.ndarray | None = None) -> str | None:
    """Why the model has no unique finite maximum-likelihood estimate, or None.

    The test of Chan, Silverman & Vincent (2021, Sect. 3; SparseMSE ``checkident``):

    * identifiability: the design over the observable histories must have full rank;
    * existence (Fienberg & Rinaldo 2012): the estimate is finite unless some direction
      ``d`` of the parameters lowers the fitted log-mean on empty cells and leaves it
      on every cell with a count — the likelihood then rises for ever along ``d``.
      The linear program maximises ``sum(-(X d))`` over the empty cells subject to
      ``X d <= 0``, ``(X d) = 0`` on observed cells, ``X d >= -1``; a positive optimum
      means no finite estimate. A pair of lists that never overlap is the common case.
    """
    y = table.counts if counts is None else counts
    X = design(table, terms)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        return "not identifiable (the design is rank-deficient)"
    for pair in terms:
        if table.overlap(pair, y) == 0:
            return f"{table.pair_name(pair)}: the two lists share no one"
    empty = y == 0
    if not empty.any():
        return None
    k = X.shape[1]
    result = optimize.linprog(
        c=X[empty].sum(axis=0),  # minimise sum(X d) over empty cells = maximise -sum
        A_ub=np.vstack([X[empty], -X[empty]]),
        b_ub=np.concatenate([np.zeros(int(empty.sum())), np.ones(int(empty.sum()))]),
        A_eq=X[~empty], b_eq=np.zeros(int((~empty).sum())),
        bounds=[(None, None)] * k, method="highs")
    if result.status == 0 and -result.fun > 1e-7:
        return "no finite estimate (empty cells let the likelihood rise without bound)"
    return None


def profile_interval(table: ListTable, terms: Sequence[Pair], estimate: float,
                     level: float = 0.95) -> tuple[float, float]:
    """The profile-likelihood interval for the population ``N`` under one model
    (Cormack 1992, *Biometrics* 48:567; ``Rcapture::closedpCI.t``): the ``N`` whose
    multinomial profile log-likelihood (the unseen cell given ``N - n``) lies within
    ``chi2_1(level) / 2`` of its maximum."""
    n = table.observed
    X = design(table, terms, unseen=True)

    def loglik(N: float) -> float:
        y = np.concatenate([[N - n], table.counts])
        mu = np.asarray(_glm(X, y).mu)  # type: ignore[attr-defined]
        seen = y > 0
        return float(special.gammaln(N + 1) - special.gammaln(N - n + 1)
                     + np.sum(y[seen] * np.log(mu[seen] / N)))

    top = loglik(estimate)
    cut = stats.chi2.ppf(level, 1) / 2

    def below(N: float) -> float:
        return top - loglik(N) - cut

    low = float(n) if below(n + 1e-6) < 0 else optimize.brentq(below, n + 1e-6, estimate)
    high = estimate * 2
    while below(high) < 0:
        high *= 2
        if high > estimate * 1e6:
            return low, math.inf
    return low, float(optimize.brentq(below, estimate, high))


# --- model search ---------------------------------------------------------------------


@dataclass
class Search:
    """Every model a forward search fitted (by terms) and the models it found wanting."""

    fits: dict[tuple[Pair, ...], ModelFit] = field(default_factory=dict)
    failing: dict[tuple[Pair, ...], str] = field(default_factory=dict)


def _key(terms: Sequence[Pair]) -> tuple[Pair, ...]:
    return tuple(sorted(terms))


def forward(table: ListTable, criterion: Callable[[ModelFit], float],
            pthresh: float | None = None, counts: np.ndarray | None = None,
            search: Search | None = None, check_all: bool = True) -> ModelFit:
    """Forward selection from main effects: at each step fit every pairwise term not
    yet in the model whose model exists, add the one with the lowest ``criterion``
    (AIC or BIC) if it lowers it, and (with ``pthresh``) only if the added term's Wald
    p-value is below ``pthresh`` — the Home Office procedure with AIC and 0.05.

    ``search`` collects every model fitted and every model dropped for failing the
    existence test; with ``check_all`` False only the model about to be chosen is
    tested (the bootstrap's shortcut: pairs that share no one are still skipped first).
    """
    y = table.counts if counts is None else counts
    search = search if search is not None else Search()
    t = len(table.lists)
    pairs = list(itertools.combinations(range(t), 2))
    current = fit_model(table, (), y)
    search.fits.setdefault((), current)
    while True:
        tried: list[ModelFit] = []
        for pair in pairs:
            if pair in current.terms:
                continue
            terms = _key((*current.terms, pair))
            if check_all:
                problem = existence_problem(table, terms, y)
                if problem:
                    search.failing[terms] = problem
                    continue
            elif table.overlap(pair, y) == 0:
                continue
            found = search.fits.get(terms)
            if found is None:
                found = fit_model(table, terms, y, _start(current, terms, t))
                search.fits[terms] = found
            tried.append(found)
        tried.sort(key=criterion)
        chosen = None
        for candidate in tried:
            if criterion(candidate) >= criterion(current):
                break
            if not check_all and existence_problem(table, candidate.terms, y):
                continue
            chosen = candidate
            break
        if chosen is None:
            return current
        if pthresh is not None:
            added = next(p for p in chosen.terms if p not in current.terms)
            if chosen.pvalues[1 + t + chosen.terms.index(added)] > pthresh:
                return current
        current = chosen


def _start(current: ModelFit, terms: tuple[Pair, ...], t: int) -> np.ndarray:
    """Starting values for a model one term larger: the current model's estimates,
    0 for the new term (a warm start: a few Newton steps instead of a dozen)."""
    known = dict(zip(current.terms, current.params[1 + t:], strict=True))
    return np.concatenate([current.params[:1 + t], [known.get(p, 0.0) for p in terms]])


def _aic(fit: ModelFit) -> float:
    return fit.aic


def _bic(fit: ModelFit) -> float:
    return fit.bic


def select(table: ListTable, pthresh: float = PUBLISHED_THRESHOLD,
           counts: np.ndarray | None = None, search: Search | None = None,
           check_all: bool = True) -> ModelFit:
    """The Home Office model choice (AIC-ordered forward selection with a significance
    threshold): see :func:`forward`."""
    return forward(table, _aic, pthresh, counts, search, check_all)


# --- the whole estimate ---------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A model the searches considered: its terms and, if its estimate exists, the
    estimate, AIC, BIC and Akaike weight; else why not."""

    terms: tuple[str, ...]
    exists: bool
    estimate: float | None = None
    aic: float | None = None
    bic: float | None = None
    akaike_weight: float | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Estimate:
    """The population estimate and everything needed to judge it."""

    lists: tuple[str, ...]
    observed: int
    estimate: float
    ci: tuple[float, float]
    model: tuple[str, ...]
    method: str
    pthresh: float
    aic_choice: Candidate
    bic_choice: Candidate
    model_average: float
    spread: dict[str, float]
    bootstrap_ci: tuple[float, float] | None
    bootstrap_replicates: int
    bootstrap_failed: int
    seed: int
    candidates: list[Candidate]
    empty_pairs: list[str]


def bootstrap(table: ListTable, fitted: ModelFit, pthresh: float, replicates: int,
              seed: int, level: float = 0.95) -> tuple[tuple[float, float] | None, int]:
    """A parametric bootstrap interval carrying the model choice's uncertainty: draw
    each observable cell from Poisson(fitted mean of the chosen model), re-run the
    whole selection on the draw, and take the percentile interval of the replicates'
    population estimates (observed in the draw plus its dark figure). Seeded: the same
    seed gives the same interval. Returns the interval (None without replicates) and
    how many replicates failed to give an estimate (left out: a draw in which not even
    the main-effects model exists)."""
    if replicates <= 0:
        return None, 0
    rng = np.random.default_rng(seed)
    estimates = []
    failed = 0
    for _ in range(replicates):
        draw = rng.poisson(fitted.mu).astype(float)
        if draw.sum() == 0 or existence_problem(table, (), draw):
            failed += 1
            continue
        chosen = select(table, pthresh, draw, check_all=False)
        if math.isfinite(chosen.estimate):
            estimates.append(chosen.estimate)
        else:
            failed += 1
    if not estimates:
        return None, failed
    alpha = (1 - level) / 2
    low, high = np.quantile(estimates, [alpha, 1 - alpha])
    return (float(low), float(high)), failed


def estimate_population(table: ListTable, pthresh: float = PUBLISHED_THRESHOLD,
                        replicates: int = 200, seed: int = 2014,
                        level: float = 0.95) -> Estimate:
    """Estimate the population behind a list-overlap table (see the module's notes):
    the Home Office procedure's model, estimate and profile interval; the AIC and BIC
    forward searches; every candidate they fitted or dropped; the Akaike-weighted
    average and the spread of the candidates' estimates; the bootstrap interval."""
    if len(table.lists) < 2:
        raise TnocError("multiple systems estimation needs at least two lists")
    problem = existence_problem(table, ())
    if problem:
        raise TnocError(f"{table.source or 'the table'}: even the model of independent "
                        f"lists has no estimate: {problem} (expected lists that overlap; "
                        "with no overlap the lists say nothing about who is missed)")
    search = Search()
    chosen = select(table, pthresh, search=search)
    by_aic = forward(table, _aic, None, search=search)
    by_bic = forward(table, _bic, None, search=search)
    ci = profile_interval(table, chosen.terms, chosen.estimate, level)
    fits = list(search.fits.values())
    best = min(f.aic for f in fits)
    weights = np.array([math.exp(-(f.aic - best) / 2) for f in fits])
    weights /= weights.sum()
    average = float(sum(w * f.estimate for w, f in zip(weights, fits, strict=True)))
    names = {f.terms: w for f, w in zip(fits, weights, strict=True)}

    def candidate(fit: ModelFit) -> Candidate:
        return Candidate(tuple(table.pair_name(p) for p in fit.terms), True, fit.estimate,
                         fit.aic, fit.bic, float(names[fit.terms]))

    candidates = sorted((candidate(f) for f in fits), key=lambda c: c.aic or 0.0)
    candidates += [Candidate(tuple(table.pair_name(p) for p in terms), False, problem=why)
                   for terms, why in sorted(search.failing.items())
                   if terms not in search.fits]
    values = np.array([f.estimate for f in fits])
    spread = {"min": float(values.min()), "q1": float(np.quantile(values, 0.25)),
              "median": float(np.median(values)), "q3": float(np.quantile(values, 0.75)),
              "max": float(values.max()), "models": float(len(values))}
    boot, failed = bootstrap(table, chosen, pthresh, replicates, seed, level)
    empty = [table.pair_name(p) for p in itertools.combinations(range(len(table.lists)), 2)
             if table.overlap(p) == 0]
    return Estimate(table.lists, table.observed, chosen.estimate, ci,
                    tuple(table.pair_name(p) for p in chosen.terms),
                    "forward AIC with significance threshold (Silverman 2014)", pthresh,
                    candidate(by_aic), candidate(by_bic), average, spread, boot,
                    replicates, failed, seed, candidates, empty)
