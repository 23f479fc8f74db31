"""Tests of the analytic queueing layer against independent computations.

References are computed here from the defining sums (math.fsum), from numerically solved
birth-death chains (planner.queueing.birth_death, no closed forms), and from the forward equations
of the tagged caller's absorbing chain (scipy solve_ivp / linear solves), never from the
formulas under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate
from scipy.special import gammaln, logsumexp

from planner.queueing.birth_death import mmn_abandon_chain, stationary_distribution
from planner.queueing.erlang import (
    ErlangA,
    ErlangC,
    erlang_b,
    erlang_c,
    priority_mean_waits_s,
    square_root_staffing,
)
from planner.queueing.offered_load import (
    infinite_server_mean_busy,
    sinusoidal_mean_busy_average,
    sinusoidal_mean_busy_exponential,
)

# --------------------------------------------------------------------------- references


def textbook_erlang_b(n: int, a: float) -> float:
    terms = [a**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / math.fsum(terms)


def textbook_erlang_c(n: int, a: float) -> float:
    if a >= n:
        return 1.0
    terms = [a**k / math.factorial(k) for k in range(n)]
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (math.fsum(terms) + top)


def log_space_erlang_b(n: int, a: float) -> float:
    k = np.arange(n + 1)
    log_terms = k * math.log(a) - gammaln(k + 1)
    return math.exp(log_terms[-1] - logsumexp(log_terms))


def chain_metrics(lam: float, handle: float, patience: float, n: int, max_queue: int) -> dict[str, float]:
    """Metrics of M/M/n+M from the numerically solved truncated birth-death chain."""
    pi = mmn_abandon_chain(lam, handle, patience, n, max_queue)
    assert pi[-1] < 1e-15, "truncation too short for a reference"
    k = np.arange(pi.size)
    queue = float(np.dot(np.maximum(k - n, 0), pi))
    theta = 0.0 if math.isinf(patience) else 1.0 / patience
    return {
        "p_wait": float(pi[n:].sum()),
        "mean_queue_length": queue,
        "mean_wait_s": queue / lam,
        "p_abandon": theta * queue / lam,
        "occupancy": float(np.dot(np.minimum(k, n), pi)) / n,
    }


def tagged_chain(lam: float, handle: float, patience: float, n: int, max_queue: int):
    """The tagged arrival's absorbing chain, built from the birth-death stationary law.

    Returns (p_no_wait, init, T, exit_answer): init[i] = P(arrive to find i callers waiting),
    T the transient generator over i = callers ahead (row-vector convention), exit_answer
    the rate into 'answered' from each stage.
    """
    pi = mmn_abandon_chain(lam, handle, patience, n, max_queue)
    assert pi[-1] < 1e-15
    nmu, theta = n / handle, 1.0 / patience
    m = max_queue  # an arrival can find 0..max_queue-1 waiting (the full state blocks)
    init = pi[n : n + m].copy()
    gen = np.zeros((m, m))
    for i in range(m):
        gen[i, i] = -(nmu + i * theta + theta)  # queue moves, or tagged abandons
        if i > 0:
            gen[i, i - 1] = nmu + i * theta
    exit_answer = np.zeros(m)
    exit_answer[0] = nmu
    return float(pi[:n].sum()), init, gen, exit_answer


def forward_equation_service_level(lam, handle, patience, n, max_queue, times):
    """P(answered and wait <= t) by integrating the forward equations with solve_ivp."""
    p_no_wait, init, gen, exit_answer = tagged_chain(lam, handle, patience, n, max_queue)
    m = init.size
    full = np.zeros((m + 1, m + 1))  # column-vector form d/dt v = full @ v, last = answered
    full[:m, :m] = gen.T
    full[m, :m] = exit_answer
    v0 = np.append(init, 0.0)
    sol = integrate.solve_ivp(
        lambda t, v: full @ v,
        (0.0, max(times)),
        v0,
        t_eval=sorted(times),
        method="DOP853",
        rtol=1e-11,
        atol=1e-14,
    )
    assert sol.success
    answered = dict(zip(sol.t, sol.y[m]))
    return [p_no_wait + answered[t] for t in times]


# --------------------------------------------------------------------------- Erlang B / C


LOADS = [0.05, 0.5, 1.0, 2.5, 5.0, 9.5, 15.0, 19.99, 25.0]


@pytest.mark.parametrize("n", range(1, 21))
def test_erlang_b_and_c_match_defining_sums(n):
    for a in LOADS:
        assert erlang_b(n, a) == pytest.approx(textbook_erlang_b(n, a), rel=1e-12, abs=1e-300)
        assert erlang_c(n, a) == pytest.approx(textbook_erlang_c(n, a), rel=1e-12, abs=1e-300)


def test_erlang_b_and_c_edge_values():
    assert erlang_b(3, 0.0) == 0.0
    assert erlang_c(3, 0.0) == 0.0
    assert erlang_c(10, 10.0) == 1.0
    assert erlang_c(10, 12.5) == 1.0
    assert 0.0 < erlang_c(10, 9.999999) < 1.0


@pytest.mark.parametrize("n,a", [(300, 280.0), (800, 750.0), (1000, 1200.0), (2000, 1500.0)])
def test_erlang_b_stable_for_many_agents(n, a):
    assert erlang_b(n, a) == pytest.approx(log_space_erlang_b(n, a), rel=1e-9)
    c = erlang_c(n, a)
    assert 0.0 <= c <= 1.0 and math.isfinite(c)


def test_erlang_b_and_c_against_birth_death_chain():
    n, a, handle = 12, 9.5, 100.0
    lam = a / handle
    loss = mmn_abandon_chain(lam, handle, math.inf, n, 0)  # M/M/12/12
    assert erlang_b(n, a) == pytest.approx(loss[-1], rel=1e-10)
    ref = chain_metrics(lam, handle, math.inf, n, 400)  # M/M/12, queue truncated far out
    assert erlang_c(n, a) == pytest.approx(ref["p_wait"], rel=1e-10)
    c = ErlangC(lam, handle, n)
    assert c.p_wait == pytest.approx(ref["p_wait"], rel=1e-10)
    assert c.mean_wait_s == pytest.approx(ref["mean_wait_s"], rel=1e-9)
    assert c.mean_queue_length == pytest.approx(ref["mean_queue_length"], rel=1e-9)
    assert c.occupancy == pytest.approx(ref["occupancy"], rel=1e-10)


def test_erlang_c_service_level_and_quantiles():
    c = ErlangC(arrival_rate_per_s=0.05, mean_handle_s=180.0, agents=10)
    assert c.stable and c.offered_load_erl == pytest.approx(9.0)
    assert c.service_level(0.0) == pytest.approx(1.0 - c.p_wait, abs=1e-15)
    assert c.service_level(math.inf) == 1.0
    # Exponential conditional wait with rate n*mu - lambda: mean_wait = C / rate.
    rate = (10 - 9.0) / 180.0
    assert c.service_level(30.0) == pytest.approx(1.0 - c.p_wait * math.exp(-rate * 30.0), rel=1e-14)
    assert c.mean_wait_s == pytest.approx(c.p_wait / rate, rel=1e-14)
    assert c.mean_wait_answered_s == c.mean_wait_s
    assert c.wait_quantile_s(0.5 * (1.0 - c.p_wait)) == 0.0
    for q in (0.7, 0.9, 0.95, 0.99):
        assert q > 1.0 - c.p_wait
        assert c.service_level(c.wait_quantile_s(q)) == pytest.approx(q, abs=1e-12)
    assert c.wait_quantile_s(1.0) == math.inf


def test_erlang_c_unstable():
    c = ErlangC(arrival_rate_per_s=0.06, mean_handle_s=200.0, agents=12)  # load 12 == agents
    assert not c.stable
    assert c.p_wait == 1.0 and c.occupancy == 1.0
    assert c.mean_wait_s == math.inf and c.mean_wait_answered_s == math.inf
    assert c.service_level(60.0) == 0.0
    assert c.wait_quantile_s(0.5) == math.inf


# --------------------------------------------------------------------------- Erlang A vs chain

# (arrival_rate_per_s, mean_handle_s, mean_patience_s, agents, max_queue for the reference)
ERLANG_A_CASES = {
    "moderate": (0.05, 180.0, 120.0, 10, 300),
    "overloaded": (0.1, 180.0, 300.0, 12, 800),
    "heavily_overloaded": (0.5, 100.0, 60.0, 10, 400),  # load 50 on 10 agents
    "patience_much_longer": (0.07, 100.0, 1e4, 8, 600),  # theta << mu
    "patience_much_shorter": (0.02, 300.0, 5.0, 5, 150),  # theta >> mu
    "rho_exactly_one": (0.5, 20.0, 60.0, 10, 500),  # 0.5*20/10 == 1.0 exactly
    "single_agent": (0.01, 60.0, 90.0, 1, 200),
    "single_agent_overloaded": (0.02, 60.0, 120.0, 1, 300),
    "light_load": (0.001, 200.0, 100.0, 4, 60),
    "many_agents_overloaded": (1.75, 300.0, 200.0, 500, 800),
    "many_agents_under": (1.5, 300.0, 200.0, 500, 300),
}


@pytest.mark.parametrize("case", ERLANG_A_CASES.values(), ids=ERLANG_A_CASES.keys())
def test_erlang_a_matches_birth_death_chain(case):
    lam, handle, patience, n, max_queue = case
    model = ErlangA(lam, handle, patience, n)
    ref = chain_metrics(lam, handle, patience, n, max_queue)
    for name, value in ref.items():
        assert getattr(model, name) == pytest.approx(value, rel=1e-9, abs=1e-15), name


def test_rho_exactly_one_is_continuous():
    lam, handle, patience, n = ERLANG_A_CASES["rho_exactly_one"][:4]
    assert lam * handle / n == 1.0
    at_one = ErlangA(lam, handle, patience, n)
    for eps in (-1e-10, 1e-10):
        near = ErlangA(lam * (1 + eps), handle, patience, n)  # the two code paths meet here
        assert near.p_abandon == pytest.approx(at_one.p_abandon, rel=1e-8)
        assert near.mean_wait_answered_s == pytest.approx(at_one.mean_wait_answered_s, rel=1e-8)
        assert near.service_level(20.0) == pytest.approx(at_one.service_level(20.0), rel=1e-8)


def test_erlang_a_many_agents_light_load_is_finite():
    model = ErlangA(arrival_rate_per_s=100 / 300, mean_handle_s=300.0, mean_patience_s=120.0, agents=400)
    assert 0.0 <= model.p_wait < 1e-30
    assert model.service_level(20.0) == pytest.approx(1.0, abs=1e-15)
    assert math.isfinite(model.mean_wait_answered_s) and model.mean_wait_answered_s >= 0.0
    assert model.occupancy == pytest.approx(100 / 400, rel=1e-12)


def test_erlang_a_zero_arrivals():
    model = ErlangA(0.0, 180.0, 120.0, 3)
    assert (model.p_wait, model.p_abandon, model.mean_wait_s, model.mean_queue_length) == (0, 0, 0, 0)
    assert model.service_level(10.0) == 1.0 and model.occupancy == 0.0


# --------------------------------------------------------------------------- Erlang A vs Erlang C


def test_infinite_patience_equals_erlang_c():
    for lam in (0.05, 0.06, 0.08):  # stable, exactly critical, unstable
        a = ErlangA(lam, 200.0, math.inf, 12)
        c = ErlangC(lam, 200.0, 12)
        assert a.p_wait == c.p_wait
        assert a.p_abandon == 0.0
        assert a.mean_wait_s == c.mean_wait_s
        assert a.mean_wait_answered_s == c.mean_wait_answered_s
        assert a.mean_queue_length == c.mean_queue_length
        assert a.occupancy == c.occupancy
        for t in (0.0, 15.0, 60.0, math.inf):
            assert a.service_level(t) == c.service_level(t)


def test_long_patience_approaches_erlang_c():
    lam, handle, n = 0.05, 180.0, 10  # rho = 0.9
    c = ErlangC(lam, handle, n)
    deviations = []
    for patience in (1e8, 1e10, 1e12):
        a = ErlangA(lam, handle, patience, n)
        # Abandonment changes the queue law by factors 1/(1 + j*theta/(n*mu)): a relative
        # effect of order theta/(n*mu) * E[Q^2 | wait] ~ 2*theta/(n*mu*(1-rho)^2).
        rel = 4.0 * handle / (patience * n * (1.0 - 0.9) ** 2)
        assert a.p_wait == pytest.approx(c.p_wait, rel=rel)
        assert a.mean_wait_s == pytest.approx(c.mean_wait_s, rel=rel)
        assert a.mean_wait_answered_s == pytest.approx(c.mean_wait_answered_s, rel=rel)
        for t in (5.0, 20.0, 120.0):
            assert a.service_level(t) == pytest.approx(c.service_level(t), rel=rel)
        deviations.append(c.mean_wait_s - a.mean_wait_s)
    # The deviation is first order in theta, so no numerical noise: it shrinks 100x per step.
    assert deviations[0] / deviations[1] == pytest.approx(100.0, rel=1e-3)
    assert deviations[1] / deviations[2] == pytest.approx(100.0, rel=1e-3)


# --------------------------------------------------------------------------- service level


@pytest.mark.parametrize("case", ERLANG_A_CASES.values(), ids=ERLANG_A_CASES.keys())
def test_service_level_endpoints_and_monotone(case):
    model = ErlangA(*case[:4])
    assert model.service_level(0.0) == pytest.approx(1.0 - model.p_wait, abs=1e-14)
    assert model.service_level(math.inf) == pytest.approx(1.0 - model.p_abandon, abs=1e-12)
    levels = np.array([model.service_level(t) for t in np.linspace(0.0, 900.0, 46)])
    assert np.all(np.diff(levels) >= -1e-15)
    assert np.all((levels >= 0.0) & (levels <= 1.0))


SERVICE_LEVEL_CASES = {
    "mm1m": (0.01, 60.0, 90.0, 1, 120),
    "mm1m_overloaded": (0.02, 60.0, 120.0, 1, 200),
    "mm1m_impatient": (0.01, 120.0, 10.0, 1, 40),
    "multi_server": (0.05, 180.0, 120.0, 10, 120),
    "multi_server_overloaded": (0.1, 180.0, 300.0, 12, 200),
}


@pytest.mark.parametrize("case", SERVICE_LEVEL_CASES.values(), ids=SERVICE_LEVEL_CASES.keys())
def test_service_level_matches_forward_equations(case):
    lam, handle, patience, n, max_queue = case
    model = ErlangA(lam, handle, patience, n)
    times = [5.0, 20.0, 60.0, 180.0, 600.0]
    expected = forward_equation_service_level(lam, handle, patience, n, max_queue, times)
    for t, ref in zip(times, expected):
        assert model.service_level(t) == pytest.approx(ref, abs=1e-9), t


# --------------------------------------------------------------------------- waits, Little


@pytest.mark.parametrize("case", ERLANG_A_CASES.values(), ids=ERLANG_A_CASES.keys())
def test_little_and_abandonment_balance(case):
    lam, handle, patience, n, _ = case
    model = ErlangA(lam, handle, patience, n)
    assert model.mean_wait_s * lam == pytest.approx(model.mean_queue_length, rel=1e-10)
    assert model.p_abandon * lam == pytest.approx(model.mean_queue_length / patience, rel=1e-10)
    assert model.occupancy * n == pytest.approx(lam * (1.0 - model.p_abandon) * handle, rel=1e-12)


@pytest.mark.parametrize("case", SERVICE_LEVEL_CASES.values(), ids=SERVICE_LEVEL_CASES.keys())
def test_mean_wait_answered_matches_absorbing_chain(case):
    lam, handle, patience, n, max_queue = case
    model = ErlangA(lam, handle, patience, n)
    p_no_wait, init, gen, exit_answer = tagged_chain(lam, handle, patience, n, max_queue)
    # P(answered) = init (-T)^-1 r ;  E[wait; answered] = init T^-2 r.
    first = np.linalg.solve(gen, exit_answer)
    p_answered = p_no_wait - float(init @ first)
    wait_answered = float(init @ np.linalg.solve(gen, first))
    assert p_answered == pytest.approx(1.0 - model.p_abandon, rel=1e-10)
    assert model.mean_wait_answered_s == pytest.approx(wait_answered / p_answered, rel=1e-9)


@pytest.mark.parametrize("case", SERVICE_LEVEL_CASES.values(), ids=SERVICE_LEVEL_CASES.keys())
def test_mean_wait_answered_is_integral_of_service_level(case):
    model = ErlangA(*case[:4])
    p_answered = model.service_level(math.inf)
    tail, _ = integrate.quad(lambda t: p_answered - model.service_level(t), 0.0, math.inf, limit=200)
    assert model.mean_wait_answered_s == pytest.approx(tail / p_answered, rel=1e-7)


# --------------------------------------------------------------------------- priorities


def test_priority_single_class_is_erlang_c():
    for lam in (0.01, 0.05, 0.059):
        (wait,) = priority_mean_waits_s([lam], 200.0, 12)
        assert wait == pytest.approx(ErlangC(lam, 200.0, 12).mean_wait_s, rel=1e-12)


@pytest.mark.parametrize("rates", [[0.01, 0.02, 0.015], [0.03, 0.0, 0.025], [0.001, 0.05]])
def test_priority_conservation_law(rates):
    handle, n = 200.0, 12
    waits = priority_mean_waits_s(rates, handle, n)
    fcfs = ErlangC(sum(rates), handle, n).mean_wait_s
    assert np.dot(rates, waits) / sum(rates) == pytest.approx(fcfs, rel=1e-12)
    assert waits == sorted(waits)  # higher priority never waits longer


def test_priority_overload_keeps_high_classes_finite():
    handle, n = 100.0, 5
    waits = priority_mean_waits_s([0.02, 0.02, 0.03], handle, n)  # sigmas 0.4, 0.8, 1.4
    nmu = n / handle
    assert waits[0] == pytest.approx(1.0 / nmu / (1.0 * 0.6), rel=1e-12)  # C == 1: all busy
    assert waits[1] == pytest.approx(1.0 / nmu / (0.6 * 0.2), rel=1e-12)
    assert waits[2] == math.inf


def test_square_root_staffing():
    assert square_root_staffing(100.0, 0.5) == 105
    assert square_root_staffing(100.0, 0.51) == 106
    assert square_root_staffing(9.0, 1.0) == 12
    assert square_root_staffing(0.0, 2.0) == 0


# --------------------------------------------------------------------------- offered load


SINUSOID = dict(mean_rate_per_s=0.4, amplitude=0.6, period_s=3600.0 * 6, mean_handle_s=900.0, phase_s=1234.0)


def test_sinusoidal_closed_form_matches_quadrature():
    p = SINUSOID
    mu = 1.0 / p["mean_handle_s"]

    def rate(t):
        return p["mean_rate_per_s"] * (1.0 + p["amplitude"] * math.sin(2 * math.pi * (t - p["phase_s"]) / p["period_s"]))

    times = np.array([0.0, 1000.0, 5400.0, 12345.0, 20000.0])
    numeric = infinite_server_mean_busy(times, rate, lambda s: math.exp(-mu * s), 60.0 / mu)
    closed = sinusoidal_mean_busy_exponential(times, **p)
    np.testing.assert_allclose(closed, numeric, rtol=1e-9)
    assert isinstance(sinusoidal_mean_busy_exponential(100.0, **p), float)
    # Not the stationary value lambda/mu: the lag and damping matter.
    assert np.ptp(closed) > 0.1 * p["mean_rate_per_s"] / mu


def test_sinusoidal_average_matches_integration():
    p = SINUSOID
    for t0, t1 in [(0.0, 3600.0), (3600.0, 7200.0), (5000.0, 5000.5), (1000.0, 1000.0 + p["period_s"])]:
        numeric, _ = integrate.quad(lambda t: sinusoidal_mean_busy_exponential(t, **p), t0, t1, epsrel=1e-12)
        assert sinusoidal_mean_busy_average(t0, t1, **p) == pytest.approx(numeric / (t1 - t0), rel=1e-10)
    assert sinusoidal_mean_busy_average(777.0, 777.0, **p) == pytest.approx(
        sinusoidal_mean_busy_exponential(777.0, **p), rel=1e-14
    )
    hourly = sinusoidal_mean_busy_average(np.arange(6) * 3600.0, np.arange(1, 7) * 3600.0, **p)
    assert hourly.shape == (6,)
    assert hourly.mean() == pytest.approx(p["mean_rate_per_s"] * p["mean_handle_s"], rel=1e-12)


# --------------------------------------------------------------------------- birth-death


def test_stationary_distribution_detailed_balance():
    birth = [1.0, 2.0, 0.5, 3.0]
    death = [2.0, 1.0, 4.0, 0.25]
    pi = stationary_distribution(birth, death)
    assert pi.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(pi[:-1] * birth, pi[1:] * death, rtol=1e-12)
    assert stationary_distribution([], []).tolist() == [1.0]


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call,param",
    [
        (lambda: erlang_b(0, 1.0), "agents"),
        (lambda: erlang_b(3, -1.0), "offered_load_erl"),
        (lambda: erlang_c(2.5, 1.0), "agents"),
        (lambda: erlang_c(3, math.nan), "offered_load_erl"),
        (lambda: ErlangC(-0.1, 100.0, 3), "arrival_rate_per_s"),
        (lambda: ErlangC(0.1, 0.0, 3), "mean_handle_s"),
        (lambda: ErlangC(0.1, 100.0, 0), "agents"),
        (lambda: ErlangC(0.1, 100.0, True), "agents"),
        (lambda: ErlangC(0.1, 100.0, 3).service_level(-1.0), "within_s"),
        (lambda: ErlangC(0.1, 100.0, 3).wait_quantile_s(1.5), "q"),
        (lambda: ErlangA(-1.0, 100.0, 60.0, 3), "arrival_rate_per_s"),
        (lambda: ErlangA(0.1, math.inf, 60.0, 3), "mean_handle_s"),
        (lambda: ErlangA(0.1, 100.0, 0.0, 3), "mean_patience_s"),
        (lambda: ErlangA(0.1, 100.0, -5.0, 3), "mean_patience_s"),
        (lambda: ErlangA(0.1, 100.0, 60.0, 0), "agents"),
        (lambda: ErlangA(0.1, 100.0, 60.0, 3).service_level(-2.0), "within_s"),
        (lambda: priority_mean_waits_s([], 100.0, 3), "arrival_rates_per_s"),
        (lambda: priority_mean_waits_s([0.1, -0.1], 100.0, 3), r"arrival_rates_per_s\[1\]"),
        (lambda: priority_mean_waits_s([0.1], -100.0, 3), "mean_handle_s"),
        (lambda: square_root_staffing(-1.0, 1.0), "offered_load_erl"),
        (lambda: square_root_staffing(10.0, math.inf), "beta"),
        (lambda: mmn_abandon_chain(0.1, 100.0, 60.0, 3, -1), "max_queue"),
        (lambda: mmn_abandon_chain(0.1, 100.0, 60.0, -3, 10), "agents"),
        (lambda: stationary_distribution([1.0], [0.0]), "death_rates"),
        (lambda: stationary_distribution([1.0, 2.0], [1.0]), "birth_rates"),
        (lambda: sinusoidal_mean_busy_exponential(0.0, 1.0, 1.5, 100.0, 10.0), "amplitude"),
        (lambda: sinusoidal_mean_busy_exponential(0.0, 1.0, 0.5, 0.0, 10.0), "period_s"),
        (lambda: sinusoidal_mean_busy_average(10.0, 5.0, 1.0, 0.5, 100.0, 10.0), "t1_s"),
        (lambda: infinite_server_mean_busy(0.0, lambda t: 1.0, lambda s: 1.0, -1.0), "horizon_s"),
    ],
)
def test_invalid_inputs_raise_value_error_naming_parameter(call, param):
    with pytest.raises(ValueError, match=param):
        call()
