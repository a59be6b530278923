"""The acceptance publication's template (GB/T 9704 layout through ``approvals.documents``)."""

from __future__ import annotations

from innocounty.approvals.models import DocumentTemplate

PUBLICATION = {
    "office": "科学技术部文件",
    "title": "科技部关于公布{batch}创新型县（市）名单的通知",
    "addressee": "各省、自治区、直辖市及计划单列市科技厅（委、局），新疆生产建设兵团科技局：",
    "body": "根据《创新型县（市）建设工作指引》（国科发〔2018〕130号），科技部组织开展了{batch}创新型县（市）"
    "建设评估验收。经总结材料审查、视频答辩、现场复核和专家评估，{count}个县（市）通过验收，"
    "现将创新型县（市）名单予以公布（见附件）。\n"
    "请各地认真总结经验，组织通过验收的县（市）制定三年工作方案，持续推进以科技创新为核心的全面创新。",
    "signature": "科技部",
}


def publication_template() -> DocumentTemplate:
    """An unsaved template of the approvals app's publication kind, with the acceptance texts."""
    return DocumentTemplate(kind="publication", **PUBLICATION)
