variable "location" {
  description = "Azure region. Norway East keeps the talents' personal data in Norway; Sweden Central is the other Nordic choice."
  type        = string
  default     = "norwayeast"
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "talentpool"
}

variable "environment" {
  description = "Environment name, part of every resource name (prod, staging …)."
  type        = string
  default     = "prod"
}

variable "image" {
  description = "The API image built from deploy/Dockerfile, with its released tag."
  type        = string
  default     = "ghcr.io/talentpool/talentpool-api:1.0.0"
}

variable "registry" {
  description = "Credentials for a private registry holding the image; null for a public image. The password comes from TF_VAR_registry or a tfvars file kept out of git."
  type = object({
    server   = string
    username = string
    password = string
  })
  default   = null
  sensitive = true
}

variable "api_min_replicas" {
  description = "API nodes always running (at least 2: a node can die while the other keeps serving and takes its projections over)."
  type        = number
  default     = 2

  validation {
    condition     = var.api_min_replicas >= 2
    error_message = "Run at least two API nodes."
  }
}

variable "api_max_replicas" {
  description = "Most API nodes the HTTP scale rule may start."
  type        = number
  default     = 4
}

variable "api_cpu" {
  description = "vCPU per API node (Container Apps consumption sizes: 0.25 … 4, with memory = 2 GiB per vCPU)."
  type        = number
  default     = 0.5
}

variable "api_memory" {
  description = "Memory per API node, e.g. \"1Gi\" for 0.5 vCPU."
  type        = string
  default     = "1Gi"
}

variable "api_concurrent_requests_per_node" {
  description = "Concurrent requests per node above which the HTTP scale rule adds a node."
  type        = number
  default     = 50
}

variable "database_sku" {
  description = "PostgreSQL Flexible Server SKU: B_Standard_B2s today; GP_Standard_D4ds_v5 (or larger) at Nordic scale."
  type        = string
  default     = "B_Standard_B2s"
}

variable "database_storage_mb" {
  description = "PostgreSQL storage in MiB (32768 = 32 GiB; it can grow, never shrink)."
  type        = number
  default     = 32768
}

variable "database_high_availability" {
  description = "Zone-redundant standby (doubles compute and storage cost). Burstable SKUs do not offer it."
  type        = bool
  default     = false
}

variable "database_backup_retention_days" {
  description = "Point-in-time restore window, 7 to 35 days."
  type        = number
  default     = 14
}

variable "database_geo_redundant_backup" {
  description = "Copy backups to the paired region (Norway West for Norway East)."
  type        = bool
  default     = false
}

variable "database_admin_login" {
  description = "PostgreSQL administrator login (its password is generated and kept only in the Terraform state)."
  type        = string
  default     = "talentpool_admin"
}

variable "region_databases" {
  description = "Regions kept in a PostgreSQL database of their own on the server (README \"Regions in databases of their own\"): region id => database name. Each gets its database and its Regions__Databases__<id> setting on the API and the db-apply job; a region not named stays in the shared database."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for id, name in var.region_databases : can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Each key is a region's id, a GUID in lower case (as the API writes it)."
  }

  validation {
    condition     = alltrue([for id, name in var.region_databases : can(regex("^[a-z][a-z0-9_]{0,62}$", name)) && name != "talentpool"])
    error_message = "Each value is a database name other than talentpool (the shared one): lower-case letters, digits and _, starting with a letter, at most 63."
  }

  validation {
    condition     = length(distinct(values(var.region_databases))) == length(var.region_databases)
    error_message = "Each region has a database of its own: no database name twice."
  }
}

variable "log_retention_days" {
  description = "Days the Log Analytics workspace keeps the API's logs."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default = {
    application = "talentpool"
  }
}
