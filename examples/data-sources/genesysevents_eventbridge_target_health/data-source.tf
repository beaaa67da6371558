resource "genesysevents_eventbridge_target" "orders" {
  name         = "orders"
  endpoint_url = "https://gateway.example.com/v1/events"
  event_types  = ["CONVERSATION_STARTED"]
}

# Every plan and apply asks the platform to call the endpoint; a failed assertion is a warning
# and never stops the run.
check "orders_target_healthy" {
  data "genesysevents_eventbridge_target_health" "orders" {
    target_id = genesysevents_eventbridge_target.orders.id
  }

  assert {
    condition     = data.genesysevents_eventbridge_target_health.orders.status == "HEALTHY"
    error_message = "EventBridge target orders is unhealthy: ${data.genesysevents_eventbridge_target_health.orders.message}"
  }
}
