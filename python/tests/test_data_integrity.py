"""zkcred's JSON-LD context ships as package data (docs/data-integrity.md
section 8): JSON-LD processors load it from here, never from the network."""

import json
from importlib.resources import files


def test_the_json_ld_context_ships_with_the_package() -> None:
    text = files("zkcred").joinpath("contexts/zkcred-v1.jsonld").read_text(encoding="utf-8")
    context = json.loads(text)["@context"]
    assert context["@protected"] is True
    assert context["@vocab"] == "https://w3id.org/zkcred/v1/attributes#"
    assert context["holderCommitment"] == "https://w3id.org/zkcred/v1#holderCommitment"
