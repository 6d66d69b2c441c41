"""Relations between claims, across sheets: each points at a claim that exists, and not at itself."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import Problem, did_you_mean
from generator.load import Path_
from generator.model import Sheet, split_claim_ref


def check_relations(sheets: list[Sheet], sites: dict[str, dict[Path_, Problem]], loaded: set[str]) -> list[Problem]:
    """Every claim a relation points at exists, in a sheet that validated, and is not the claim itself.

    ``sites`` locates each relation (sheet slug → path → a problem at it);
    ``loaded`` holds the slug of every sidecar that parsed, valid or not.
    """
    claims = {sheet.slug: [c.id for c in sheet.sidecar.claims] for sheet in sheets}
    problems = []
    for sheet in sheets:
        for i, claim in enumerate(sheet.sidecar.claims):
            for j, relation in enumerate(claim.relations):
                path = ("claims", i, "relations", j, "claim")
                slug, claim_id = split_claim_ref(relation.claim, sheet.slug)
                if slug in loaded and slug not in claims:
                    continue  # that sheet did not validate; its own problems are reported
                if slug not in claims:
                    hint = did_you_mean(slug, claims) or "; write the other sheet's file name without .yml"
                    message = f"there is no sheet '{slug}'{hint}"
                elif claim_id not in claims[slug]:
                    where = "this sheet" if slug == sheet.slug else f"sheet '{slug}'"
                    hint = did_you_mean(claim_id, claims[slug]) or f"; its claims are: {', '.join(claims[slug]) or 'none'}"
                    message = f"{where} has no claim '{claim_id}'{hint}"
                elif (slug, claim_id) == (sheet.slug, claim.id):
                    message = "a claim cannot be related to itself"
                else:
                    continue
                problems.append(replace(sites[sheet.slug][path], message=message))
    return problems
