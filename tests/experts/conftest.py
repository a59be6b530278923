"""Fixtures of the expert tests: a 2018-style batch in consultation with three candidates, five experts."""

import pytest

from innocounty.experts.factories import candidate, consultation_batch, make_expert


@pytest.fixture
def world(cast):
    batch = consultation_batch()
    apps = {
        "zhengding": candidate(batch, "130123", cast.county),
        "guan": candidate(batch, "131022", cast.county_guan, theme="ecology"),
        "anji": candidate(batch, "330523", cast.county_anji, theme="livelihood"),
    }
    experts = {
        "li": make_expert("li", "11", user=cast.expert, name="李专家"),
        "wang": make_expert("wang", "31", name="王专家"),
        "zhao": make_expert("zhao", "44", name="赵专家"),
        "qian": make_expert("qian", "13", name="钱专家"),  # Hebei: never on a Hebei panel
        "sun": make_expert("sun", "51", name="孙专家", conflicts=("330523",)),
    }
    return {"batch": batch, "apps": apps, "experts": experts, "cast": cast}
