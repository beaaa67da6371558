# Inputs of the pipeline example. Only api_url, webhook_url, target_url and signing_key
# have no default; put them in a terraform.tfvars (see terraform.tfvars.example) or pass
# them with -var / TF_VAR_<name>.

variable "api_url" {
  description = "API base URL. Point it at the emulator (e.g. http://127.0.0.1:8787); against Genesys Cloud, set the provider's aws_region instead."
  type        = string
}

variable "oauthclient_id" {
  description = "OAuth client id. Leave null to take it from GENESYSCLOUD_OAUTHCLIENT_ID."
  type        = string
  default     = null
}

variable "oauthclient_secret" {
  description = "OAuth client secret. Leave null to take it from GENESYSCLOUD_OAUTHCLIENT_SECRET."
  type        = string
  default     = null
  sensitive   = true
}

variable "webhook_url" {
  description = "HTTPS endpoint that receives the signed webhook deliveries of the event subscription."
  type        = string
}

variable "target_url" {
  description = "HTTPS endpoint of the EventBridge target. The platform POSTs a verification challenge to it and expects a 2xx answer."
  type        = string
}

variable "signing_key" {
  description = "HMAC-SHA256 key (16..256 characters) that signs every webhook delivery in the X-Genesys-Signature header."
  type        = string
  sensitive   = true
}

variable "queue_id" {
  description = "Only queue events of this queue are delivered to the webhook."
  type        = string
  default     = "support"
}

variable "topic_name" {
  description = "Name of the EventBridge topic the source reads from (looked up, never created)."
  type        = string
  default     = "Genesys CX events"
}

variable "aws_region" {
  description = "AWS region of the EventBridge side (destination region, ARNs)."
  type        = string
  default     = "us-east-1"
}

variable "aws_account_id" {
  description = "12-digit AWS account id used in the EventBridge ARNs."
  type        = string
  default     = "123456789012"
}

variable "ingest_url" {
  description = "HTTPS URL on the AWS side that the destination and the EventBridge subscription forward to."
  type        = string
  default     = "https://api.example.com/eventbridge/ingest"
}
