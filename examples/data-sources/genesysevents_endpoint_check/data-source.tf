resource "genesysevents_webhook" "ops" {
  name            = "ops-events"
  destination_url = "https://hooks.example.com/genesys"
}

# Every plan and apply looks at the webhook's endpoint from where Terraform runs; a failed
# assertion is a warning and never stops the run.
check "ops_endpoint" {
  data "genesysevents_endpoint_check" "ops" {
    url     = genesysevents_webhook.ops.destination_url
    timeout = "5s"
  }

  assert {
    condition     = data.genesysevents_endpoint_check.ops.reachable && data.genesysevents_endpoint_check.ops.tls_valid
    error_message = "${genesysevents_webhook.ops.destination_url} cannot take deliveries: ${coalesce(data.genesysevents_endpoint_check.ops.error, "no error")}"
  }

  assert {
    condition     = coalesce(data.genesysevents_endpoint_check.ops.certificate_days_left, 0) >= 14
    error_message = "The certificate of ${genesysevents_webhook.ops.destination_url} expires on ${coalesce(data.genesysevents_endpoint_check.ops.certificate_expires_at, "an unknown date")}."
  }
}
