"""Expert assignment (分配): panels for the applications of a batch, under hard rules, optimised for match.

Pure Python plus OR-Tools (CP-SAT, GLOP, max-flow); no Django. See docs/assignment.md.

    propose(candidates, experts, Rules(panel_size=5, max_load=5)) -> Proposal
"""

from .greedy import greedy
from .model import Candidate, CandidateQuality, Expert, Proposal, Rules, covers, ineligible_reason, match
from .rules import check_panels, replacements, slot_problems
from .solve import propose

HARD_RULES = (
    "expert_same_province",
    "expert_conflict_county",
    "expert_conflict_org",
    "expert_overloaded",
    "panel_lacks_theme",
    "panel_size",
    "expert_inactive",
)

__all__ = [
    "HARD_RULES",
    "Candidate",
    "CandidateQuality",
    "Expert",
    "Proposal",
    "Rules",
    "check_panels",
    "covers",
    "greedy",
    "ineligible_reason",
    "match",
    "propose",
    "replacements",
    "slot_problems",
]
