variable "name" {
  description = "Name of the EventBridge target and source (unique in the organization)."
  type        = string
}

variable "topic_name" {
  description = "Name of the Genesys Cloud EventBridge topic to take events from (exactly one topic must match, case-insensitively)."
  type        = string
  default     = "Genesys CX events"
}

variable "endpoint_url" {
  description = "https:// URL the target delivers to; Genesys Cloud verifies it before the source is created."
  type        = string
}

variable "event_types" {
  description = "Event types the target accepts; null (the default) takes every event type of the topic. A source's targets must carry all of its topic's event types, so a list must include them."
  type        = list(string)
  default     = null
}

variable "filters" {
  description = "Source filters: each a name and conditions of field, operator and value. Empty: every event of the topic."
  type = list(object({
    name = string
    conditions = list(object({
      field    = string
      operator = string
      value    = string
    }))
  }))
  default = []
}

variable "timeout" {
  description = "How long to wait for the target's verification and the source's jobs (a duration such as \"10m\")."
  type        = string
  default     = "10m"
}
