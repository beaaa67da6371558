data "genesysevents_event_types" "all" {}

output "event_type_ids" {
  value = [for t in data.genesysevents_event_types.all.event_types : t.id]
}
