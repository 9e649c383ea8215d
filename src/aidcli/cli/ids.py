"""Record ids as people hand them over: typed, or piped from another aidcli command. Light: no
pandas, so ids are read before the data is loaded."""

import csv
import io
import re

_ID = re.compile(r"\bR\d{4,}\b")


def ids_from(text: str) -> list[str]:
    """Record ids in piped text: the record_ids or record_id column of a CSV (as --explain and list
    write; claim_id as claims writes), else every id-like word, in order, without repeats."""
    lines = text.lstrip("\ufeff").splitlines()
    header = lines[0].split(",") if lines else []
    if {"record_ids", "record_id", "claim_id"} & set(header):
        ids: list[str] = []
        for row in csv.DictReader(io.StringIO("\n".join(lines))):
            ids += (row.get("record_ids") or row.get("record_id") or row.get("claim_id") or "").split()
        return list(dict.fromkeys(ids))
    return list(dict.fromkeys(_ID.findall(text) or text.split()))
