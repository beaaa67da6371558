resource "genesysevents_destination" "sink" {
  name             = "eventbridge-sink"
  destination_type = "eventbridge"
  region           = "us-east-1"
  webhook_destination = {
    url                  = "https://api.example.com/eventbridge/ingest"
    auth_header_template = jsonencode({ Authorization = "Bearer $${api_token}" })
    batch_size           = 250
  }
}
