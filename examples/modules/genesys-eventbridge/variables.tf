variable "name" {
  description = "Display name of the integration (not unique on the platform)."
  type        = string
}

variable "aws_account_id" {
  description = "The AWS account (12 digits) Genesys Cloud creates the partner event source in."
  type        = string
}

variable "aws_region" {
  description = "The AWS region of the partner event source, such as us-east-1."
  type        = string
}

variable "event_source_suffix" {
  description = "Ends the partner event source name; unique within the organization. Defaults to the name."
  type        = string
  default     = null
}

variable "topic_filters" {
  description = "Notification topic patterns sent to EventBridge (see the genesysevents_notification_topics data source)."
  type        = set(string)
}

variable "enabled" {
  description = "Whether the integration delivers events."
  type        = bool
  default     = true
}
