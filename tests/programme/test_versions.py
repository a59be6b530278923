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


def test_numbers_are_compared_whole(b):
    """Issue 8 item 23: 2.5 → 45000 must not read "2.45000"."""
    old = replace(b.complete_plan(), sections={"basis": "<p>研发投入强度达到2.5%，企业200家。</p>"})
    new = replace(old, sections={"basis": "<p>研发投入强度达到45000%，企业200家。</p>"})
    inline = compare_versions(old, new)["sections.basis"].inline
    assert [s.text for s in inline if s.op is InlineOp.DELETE] == ["2.5%"]
    assert [s.text for s in inline if s.op is InlineOp.INSERT] == ["45000%"]
    plain = compare_versions(replace(old, sections={"basis": "<p>2.5</p>"}), replace(old, sections={"basis": "<p>45000</p>"}))
    segments = [(s.op, s.text) for s in plain["sections.basis"].inline]
    assert segments == [(InlineOp.DELETE, "2.5"), (InlineOp.INSERT, "45000")]


def test_tokens_keep_words_and_numbers_whole():
    from innocounty.programme.versions import tokens

    assert tokens("GDP增长1,200.5万元 R&D") == ["GDP", "增", "长", "1,200.5", "万", "元", " ", "R", "&", "D"]
    assert "".join(tokens("县域 创新 2024年")) == "县域 创新 2024年"


def test_targets_are_compared_cell_by_cell(b):
    old = b.complete_plan()
    first = old.targets[0]
    changed = replace(first, baseline=45000.0, values={**first.values, 2020: 3.25})
    new = replace(old, targets=(changed, *old.targets[1:], QuantitativeTarget("C7", 1, {2019: 2})))
    table = compare_versions(old, new).targets
    assert table.columns[0] == "基期值" and table.columns[-1] == "方向"
    row = next(r for r in table.rows if r.key == first.indicator_code)
    assert row.status is ChangeStatus.CHANGED
    cells = {c.column: c for c in row.cells}
    assert cells["基期值"].changed and cells["基期值"].after == "45000"
    assert cells["基期值"].before == f"{first.baseline:g}"
    assert cells["2020年"].changed and cells["2020年"].after == "3.25"
    assert [c.column for c in row.cells if c.changed] == ["基期值", "2020年"]
    added = next(r for r in table.rows if r.key == "C7")
    assert added.status is ChangeStatus.ADDED and all(c.before == "" for c in added.cells)
    untouched = [r for r in table.rows if r.key not in (first.indicator_code, "C7")]
    assert untouched and all(r.status is ChangeStatus.UNCHANGED for r in untouched)


def test_milestones_are_compared_year_by_year(b):
    old = b.complete_plan()
    year = old.milestones[0].year
    new = replace(old, milestones=(*old.milestones, Milestone(year, "新增第二个节点")))
    rows = {r.key: r for r in compare_versions(old, new).milestones.rows}
    assert rows[str(year)].status is ChangeStatus.CHANGED
    assert "新增第二个节点" in rows[str(year)].cells[0].after
    assert all(r.status is ChangeStatus.UNCHANGED for k, r in rows.items() if k != str(year))
