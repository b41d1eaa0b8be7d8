"""Validates FHIR R4 resources with the fhir.resources models, in one process.

Usage: python validate.py RESOURCES.json
RESOURCES.json holds a JSON list whose first entry is a Questionnaire and the
rest QuestionnaireResponses to it. Prints one line per resource, "ok <n>" or
"invalid <n>: <why>", and exits 1 if any is invalid.

Beyond the models (structure, cardinality, value types, value[x] choices), each
response is checked against the Questionnaire: every linkId is one of its items,
under the same group, and every answer is of the type its item takes (an answer
to a choice item is one of its answerOptions).
"""

import json
import sys

import fhir.resources
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse

ANSWER = {
    "boolean": "valueBoolean",
    "integer": "valueInteger",
    "decimal": "valueDecimal",
    "string": "valueString",
    "choice": "valueCoding",
}


def items_of(questionnaire):
    """linkId -> (parent linkId, item) for every item of the questionnaire."""
    found = {}

    def walk(items, parent):
        for item in items or []:
            found[item["linkId"]] = (parent, item)
            walk(item.get("item"), item["linkId"])

    walk(questionnaire.get("item"), None)
    return found


def conformance(response, items, canonical):
    """Problems of a response against its questionnaire, as text."""
    problems = []
    if response.get("questionnaire") != canonical:
        problems.append(f"questionnaire is {response.get('questionnaire')!r}, not {canonical!r}")

    def walk(answered, parent):
        for item in answered or []:
            link_id = item["linkId"]
            if link_id not in items:
                problems.append(f"{link_id}: not an item of the questionnaire")
                continue
            expected_parent, definition = items[link_id]
            if expected_parent != parent:
                problems.append(f"{link_id}: under {parent!r}, not {expected_parent!r}")
            answers = item.get("answer") or []
            if len(answers) > 1 and not definition.get("repeats"):
                problems.append(f"{link_id}: {len(answers)} answers to a question that does not repeat")
            key = ANSWER.get(definition["type"])
            for answer in answers:
                given = [k for k in answer if k.startswith("value")]
                if given != [key]:
                    problems.append(f"{link_id}: answer {given}, expected {key}")
                elif key == "valueCoding":
                    options = [o["valueCoding"] for o in definition.get("answerOption", [])]
                    if not any(
                        o["system"] == answer[key].get("system") and o["code"] == answer[key].get("code")
                        for o in options
                    ):
                        problems.append(f"{link_id}: {answer[key]} is not an answerOption")
            walk(item.get("item"), link_id)

    walk(response.get("item"), None)
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        resources = json.load(file)
    print(f"fhir.resources {fhir.resources.__version__}, FHIR {fhir.resources.__fhir_version__}")
    failed = False
    questionnaire = resources[0]
    items = items_of(questionnaire)
    canonical = f"{questionnaire['url']}|{questionnaire['version']}"
    for n, resource in enumerate(resources):
        model = Questionnaire if n == 0 else QuestionnaireResponse
        try:
            model.parse_obj(resource)
        except Exception as error:  # pydantic's ValidationError, or a wrong resourceType
            failed = True
            print(f"invalid {n}: {' '.join(str(error).split())}")
            continue
        problems = [] if n == 0 else conformance(resource, items, canonical)
        if problems:
            failed = True
            print(f"invalid {n}: {'; '.join(problems)}")
        else:
            print(f"ok {n}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
