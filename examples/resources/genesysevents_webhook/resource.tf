variable "webhook_signing_key" {
  type      = string
  sensitive = true
}

resource "genesysevents_webhook" "ops" {
  name            = "ops-events"
  description     = "Queue and conversation events for the operations dashboard"
  destination_url = "https://hooks.example.com/genesys/events"
  signing_key     = var.webhook_signing_key
  header_overrides = {
    "X-Team"      = "operations"
    "X-Source-Id" = "genesys-cloud"
  }
  retry_policy = {
    retry_count            = 5
    retry_interval_seconds = 30
  }
}
