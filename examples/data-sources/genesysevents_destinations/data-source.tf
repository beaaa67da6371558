# Every integration destination of the organization ...
data "genesysevents_destinations" "all" {}

# ... or only those whose name starts with "analytics-".
data "genesysevents_destinations" "analytics" {
  name_regex = "^analytics-"
}

# Their ids, e.g. to adopt them with import blocks (docs/adopting-an-org.md).
output "analytics_destination_ids" {
  value = data.genesysevents_destinations.analytics.ids
}
