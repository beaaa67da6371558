# The import id is the integration id (Admin > Integrations, in the integration's URL). Only
# integrations of type amazon-eventbridge-source can be imported.
terraform import genesysevents_eventbridge_integration.prod 0d3f8a52-7c1e-4b9a-a6f2-3e5d9c8b7a61
