"""Generated pools shaped like the programme, for tests, the benchmark and the demo (deterministic per seed).

* Applications: provinces in random order, 2–6 applications each, until the batch is full (a batch larger
  than 31 × 6 spreads the excess over all provinces); theme industry 50 %, ecology 25 %, livelihood 25 %;
  2–4 of the six key tasks and 1–3 keywords; one or two organisations (the applicant's own, sometimes the
  province's university).
* Experts: home provinces skewed — Beijing 25 %, Jiangsu 10 %, Shanghai 10 %, Zhejiang 6 %, Guangdong 5 %,
  Hubei, Shaanxi and Sichuan 4 % each, the rest shared by the other provinces; 1–2 themes (industry the most
  common), 2–4 key tasks, 2–5 keywords; 7 % declare conflicts with 1–3 counties and/or organisations of the
  batch.
* :func:`theme_shortage_pool`: looks feasible by counts (enough livelihood experts, capacity to spare, every
  application has enough eligible experts) but is not: once the province and conflict rules apply, the
  Beijing livelihood applications have a single eligible livelihood expert between them.
"""

from __future__ import annotations

import random
from dataclasses import replace

from ..plans import KeyTask, Theme
from .model import Candidate, Expert

PROVINCES = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
EXPERT_WEIGHTS = {"11": 25, "32": 10, "31": 10, "33": 6, "44": 5, "42": 4, "61": 4, "51": 4}
KEYWORDS = (
    "智慧农业", "种业", "农产品加工", "乡村旅游", "数字乡村", "新能源", "新材料", "生物医药", "装备制造",
    "电子信息", "食品安全", "中医药", "林草", "水资源", "土壤修复", "碳达峰", "生态修复", "环境监测",
    "职业教育", "医疗卫生", "养老服务", "科技金融", "科技特派员", "知识产权", "孵化器", "园区建设",
    "畜牧", "渔业", "茶产业", "文旅融合",
)  # fmt: skip
THEMES = tuple(t.value for t in Theme)
TASKS = tuple(k.value for k in KeyTask)


def _expert_province(rng: random.Random) -> str:
    rest = [p for p in PROVINCES if p not in EXPERT_WEIGHTS]
    share = (100 - sum(EXPERT_WEIGHTS.values())) / len(rest)
    weights = [EXPERT_WEIGHTS.get(p, share) for p in PROVINCES]
    return rng.choices(PROVINCES, weights)[0]


def candidates_for(n: int, rng: random.Random, start_id: int = 1) -> list[Candidate]:
    counts: dict[str, int] = {}
    order = list(PROVINCES)
    rng.shuffle(order)
    for p in order:
        if sum(counts.values()) >= n:
            break
        counts[p] = min(rng.randint(2, 6), n - sum(counts.values()))
    while sum(counts.values()) < n:
        low = min(counts.values())
        counts[rng.choice([p for p, c in counts.items() if c == low])] += 1
    out = []
    for p, count in sorted(counts.items()):
        for k in range(count):
            cid = start_id + len(out)
            county = f"{p}{rng.randint(1, 19):02d}{k + 21:02d}"
            theme = rng.choices(THEMES, (50, 25, 25))[0]
            fields = {theme, *rng.sample(TASKS, rng.randint(2, 4)), *rng.sample(KEYWORDS, rng.randint(1, 3))}
            orgs = {f"org-{county}"} | ({f"univ-{p}"} if rng.random() < 0.3 else set())
            out.append(Candidate(cid, county, p, theme, frozenset(fields), frozenset(orgs)))
    return out


def experts_for(m: int, candidates: list[Candidate], rng: random.Random, conflict_share: float = 0.07):
    out = []
    for i in range(m):
        themes = set(rng.sample(THEMES, rng.choices((1, 2), (65, 35))[0]))
        if rng.random() < 0.25:
            themes.add("industry")
        fields = (
            themes | set(rng.sample(TASKS, rng.randint(2, 4))) | set(rng.sample(KEYWORDS, rng.randint(2, 5)))
        )
        counties: frozenset[str] = frozenset()
        orgs: frozenset[str] = frozenset()
        if candidates and rng.random() < conflict_share:
            picked = rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))
            counties = frozenset(c.county for c in picked)
            if rng.random() < 0.5:
                orgs = frozenset(sorted(picked[0].orgs)[:1])
        out.append(Expert(1000 + i, _expert_province(rng), frozenset(fields), counties, orgs))
    return out


def programme_pool(
    n_candidates: int = 200, n_experts: int = 300, seed: int = 0, conflict_share: float = 0.07
) -> tuple[list[Candidate], list[Expert]]:
    """(candidates, experts) shaped like a batch of the programme."""
    rng = random.Random(seed)
    candidates = candidates_for(n_candidates, rng)
    return candidates, experts_for(n_experts, candidates, rng, conflict_share)


def theme_shortage_pool(seed: int = 0) -> tuple[list[Candidate], list[Expert]]:
    """40 applications × 80 experts (panels of 5, K = 5) that fail the theme rule only once province and
    conflict rules apply: 6 livelihood applications from Beijing share one eligible livelihood expert."""
    rng = random.Random(seed)
    candidates = [
        replace(c, theme="industry" if c.theme == "livelihood" else c.theme) for c in candidates_for(34, rng)
    ]
    beijing = [
        Candidate(
            900 + k, f"1101{k + 11:02d}", "11", "livelihood",
            frozenset({"livelihood", "public_benefit", rng.choice(KEYWORDS)}), frozenset({f"org-1101{k + 11:02d}"}),
        )
        for k in range(6)
    ]  # fmt: skip
    candidates += beijing
    experts = [
        replace(e, fields=e.fields - {"livelihood"})
        for e in experts_for(74, candidates, random.Random(seed + 1), 0.0)
    ]
    beijing_counties = frozenset(c.county for c in beijing)
    livelihood = ["11", "11", "11", "32", "33", "44"]  # three Beijing experts, three elsewhere
    for i, province in enumerate(livelihood):
        conflicts = beijing_counties if province in ("33", "44") else frozenset()
        fields = frozenset({"livelihood", "public_benefit", "industry", "leading_industry"})
        experts.append(Expert(2000 + i, province, fields, conflicts))
    return candidates, experts
