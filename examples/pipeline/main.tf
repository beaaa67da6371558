# A complete event-routing pipeline on Genesys Cloud, in three parts:
#
#   1. EventBridge:  topic (looked up) -> target (your HTTPS endpoint) -> source
#                    The source reads the topic and routes its events to the target.
#   2. Webhooks:     webhook (signed with signing_key) <- event subscription
#                    Matching events are POSTed to webhook_url, each one signed.
#   3. AWS side:     an integration destination and an EventBridge subscription.
#
# Try it on the bundled emulator (docs/emulator.md):
#
#   genesys-emulator --port 8787 --ca-file <CA of your HTTPS endpoints>
#   cp terraform.tfvars.example terraform.tfvars   # and edit the URLs
#   tofu init && tofu apply                        # or terraform
#
# and publish a test event that the event subscription below matches:
#
#   curl -s http://127.0.0.1:8787/emulator/events -H 'Content-Type: application/json' \
#     -d '{"eventType": "routing.queueEvent", "attributes": {"queueId": "support"}, "body": {}}'

terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

provider "genesysevents" {
  api_url = var.api_url
  # null falls back to GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET.
  oauthclient_id     = var.oauthclient_id
  oauthclient_secret = var.oauthclient_secret
}

# ---------------------------------------------------------------------------------------
# 1. EventBridge: topic -> target -> source
# ---------------------------------------------------------------------------------------

# Topics are provisioned by the platform: look one up by name instead of creating it.
data "genesysevents_eventbridge_topic" "cx" {
  name = var.topic_name
}

# The HTTPS endpoint events are routed to. Creating it waits until the platform has
# verified the endpoint (a 2xx answer to its challenge POST): a source only accepts
# VERIFIED targets.
resource "genesysevents_eventbridge_target" "relay" {
  name         = "pipeline-relay"
  description  = "Receives the routed CX events"
  endpoint_url = var.target_url
  # Accept every event type the topic carries.
  event_types = data.genesysevents_eventbridge_topic.cx.event_types
}

# The source connects the topic to the target. Its create, update and delete are
# asynchronous jobs on the platform; the provider waits for them.
resource "genesysevents_eventbridge_source" "cx" {
  name           = "pipeline-cx-source"
  description    = "Routes high-priority CX events to the relay"
  event_topic_id = data.genesysevents_eventbridge_topic.cx.id

  filters = [{
    name       = "high-priority"
    conditions = [{ field = "priority", operator = "equals", value = "high" }]
    action     = "route"
  }]

  # Priorities are 1..n: the order in which targets are tried.
  targets = [{ target_id = genesysevents_eventbridge_target.relay.id, priority = 1 }]
}

# ---------------------------------------------------------------------------------------
# 2. Webhooks: webhook <- event subscription
# ---------------------------------------------------------------------------------------

# Where matching events are delivered. With a signing key, every delivery carries
# X-Genesys-Signature: lower-case hex HMAC-SHA256(signing_key, request body), so the
# receiver can check that the request came from the platform.
resource "genesysevents_webhook" "queue_alerts" {
  name            = "pipeline-queue-alerts"
  description     = "Queue events for the support team"
  destination_url = var.webhook_url
  signing_key     = var.signing_key
  retry_policy = {
    retry_count            = 3  # a failed delivery is retried 3 times ...
    retry_interval_seconds = 10 # ... 10 seconds apart
  }
}

# Which events go to the webhook: queue events of one queue.
resource "genesysevents_event_subscription" "queue_alerts" {
  name        = "pipeline-queue-alerts"
  description = "Queue events of ${var.queue_id}"
  webhook_id  = genesysevents_webhook.queue_alerts.id
  filter = {
    event_type = ["routing.queueEvent"]
    attributes = { queueId = var.queue_id }
  }
}

# ---------------------------------------------------------------------------------------
# 3. AWS side: integration destination and EventBridge subscription
# ---------------------------------------------------------------------------------------

# Where EventBridge batches are posted. ${...} placeholders in the header template are
# filled in by the platform, so they are escaped here as $${...}.
resource "genesysevents_destination" "aws" {
  name             = "pipeline-aws-ingest"
  destination_type = "eventbridge"
  region           = var.aws_region
  webhook_destination = {
    url                  = var.ingest_url
    auth_header_template = jsonencode({ Authorization = "$${aws4_hmac_sha256}" })
    batch_size           = 100
  }
}

# Forwards contact events of the topic to AWS EventBridge.
resource "genesysevents_eventbridge_subscription" "contacts" {
  name          = "pipeline-contacts"
  topic_arn     = "arn:aws:events:${var.aws_region}:${var.aws_account_id}:topic/${data.genesysevents_eventbridge_topic.cx.id}"
  filter_policy = jsonencode({ eventType = ["routing.contact.queued", "routing.contact.answered"] })
  destination = {
    url      = var.ingest_url
    role_arn = "arn:aws:iam::${var.aws_account_id}:role/genesys-eventbridge"
  }
}
