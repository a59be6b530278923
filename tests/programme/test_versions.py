"""Comparing two versions of a plan section by section."""

from dataclasses import replace

from innocounty.programme import ChangeStatus, Milestone, QuantitativeTarget, Theme, compare_versions
from innocounty.programme.versions import InlineOp


def test_identical_versions_have_no_changes(b):
    comparison = compare_versions(b.complete_plan(), b.complete_plan())
    assert not comparison.has_changes
    assert comparison.entries[0].key == "theme"
    assert [e.key for e in comparison.entries[1:8]] == [
        "sections.basis", "sections.approach_and_goals", "sections.positioning", "sections.tasks",
        "sections.schedule", "sections.organisation", "sections.policies_and_safeguards",
    ]  # fmt: skip
    assert all(e.unified == "" for e in comparison.entries)


def test_changed_added_and_removed_sections(b):
    old = b.complete_plan()
    sections = dict(old.sections)
    sections["basis"] = "<p>第一段不变。</p><p>第二段已改写。</p>"
    del sections["positioning"]
    sections["annexes"] = "<p>附件一</p>"
    old = replace(old, sections={**old.sections, "basis": "<p>第一段不变。</p><p>第二段原文。</p>"})
    new = replace(old, sections=sections, theme=Theme.ECOLOGY)
    comparison = compare_versions(old, new, before_name="第1版", after_name="第2版")
    by_key = {e.key: e.status for e in comparison.changed}
    assert by_key == {
        "theme": ChangeStatus.CHANGED,
        "sections.basis": ChangeStatus.CHANGED,
        "sections.positioning": ChangeStatus.REMOVED,
        "sections.annexes": ChangeStatus.ADDED,
    }
    basis = comparison["sections.basis"]
    assert basis.title == "建设基础"
    assert "--- 第1版 建设基础" in basis.unified and "-第二段原文。" in basis.unified
    assert "+第二段已改写。" in basis.unified and " 第一段不变。" in basis.unified
    assert [s.text for s in basis.inline if s.op is InlineOp.DELETE] == ["原文"]
    assert [s.text for s in basis.inline if s.op is InlineOp.INSERT] == ["已改写"]
    assert comparison["sections.annexes"].title == "annexes"
    assert [e.key for e in comparison.entries].index("sections.annexes") == 8  # after the seven


def test_inline_diff_reassembles_both_texts(b):
    old = replace(b.complete_plan(), sections={"basis": "<p>创新驱动发展</p>"})
    new = replace(old, sections={"basis": "<p>科技创新引领发展</p>"})
    inline = compare_versions(old, new)["sections.basis"].inline
    assert "".join(s.text for s in inline if s.op is not InlineOp.INSERT) == "创新驱动发展"
    assert "".join(s.text for s in inline if s.op is not InlineOp.DELETE) == "科技创新引领发展"


def test_milestones_targets_and_key_tasks_are_compared(b):
    old = b.complete_plan()
    new = replace(
        old,
        milestones=(*old.milestones, Milestone(2020, "新增一个节点")),
        targets=(replace(old.targets[0], values={**old.targets[0].values, 2021: 3.0}), *old.targets[1:],
                 QuantitativeTarget("C7", 1, {2019: 2})),
        key_tasks={**old.key_tasks, "public_benefit": "改写后的为民惠民安排，明确责任单位。"},
    )  # fmt: skip
    changed = {e.key: e.status for e in compare_versions(old, new).changed}
    assert changed == {
        "key_tasks.public_benefit": ChangeStatus.CHANGED,
        "milestones.2020": ChangeStatus.CHANGED,
        "targets.C1": ChangeStatus.CHANGED,
        "targets.C7": ChangeStatus.ADDED,
    }
