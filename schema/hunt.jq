# The schema of detectd -H's records (retro-hunt, detectd(8)), derived
# from that of alerts: the same phase-A record, of kind "event", without
# what only an alert has (stage, viewpoint, levels, countermeasures).
#	jq -f schema/hunt.jq schema/alert.schema.json > hunt.schema.json
.["$id"] = "https://detectd.invalid/schema/hunt.schema.json"
| .title = "detectd retro-hunt event record"
| .properties.event.properties.kind = { "const": "event" }
| .properties.event.properties.dataset = { "const": "detectd.hunt" }
| .properties.event.required -= ["severity", "risk_score"]
| .properties.rule.required -= ["category"]
| .properties.rule.properties.id = { "const": "retro-hunt" }
| .["$defs"].incident.required -= ["id", "attack_stage", "viewpoint",
    "importance", "priority", "ticket_severity", "notify",
    "countermeasures"]
| .["$defs"].incident.properties |= with_entries(select(.key as $k |
    ["attack_stage", "stage_reached", "viewpoint", "importance",
     "priority", "ticket_severity", "notify", "countermeasures",
     "first_action", "raised_by", "score", "matched", "merged",
     "composite", "destinations"] | index([$k]) | not))
| .["$defs"].analyzer = { "const": "hunt" }
