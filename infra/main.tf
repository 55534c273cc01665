locals {
  name = "${var.name_prefix}-${var.environment}"

  # Npgsql's connection string, handed to the API and the schema job as a Container Apps secret (never in code:
  # the password is generated below and lives only in the Terraform state, which must be kept encrypted).
  connection_string = join(";", [
    "Host=${azurerm_postgresql_flexible_server.main.fqdn}",
    "Port=5432",
    "Database=${azurerm_postgresql_flexible_server_database.talentpool.name}",
    "Username=${var.database_admin_login}",
    "Password=${random_password.database.result}",
    "SSL Mode=Require",
  ])

  # The settings the service reads (README "Configuration"), shared by the API and the db-apply job.
  # 8080 is the API (the ingress targets it); 9464 the management port of the image (Observability__MetricsPort: /metrics
  # and health only), which no ingress exposes. Metrics leave by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  plain_settings = {
    ASPNETCORE_ENVIRONMENT = "Production"
    ASPNETCORE_HTTP_PORTS  = "8080;9464"
  }
  # Regions in databases of their own (var.region_databases): one connection string each, on the same server.
  region_connection_strings = {
    for id, database in azurerm_postgresql_flexible_server_database.region : id => join(";", [
      "Host=${azurerm_postgresql_flexible_server.main.fqdn}",
      "Port=5432",
      "Database=${database.name}",
      "Username=${var.database_admin_login}",
      "Password=${random_password.database.result}",
      "SSL Mode=Require",
    ])
  }
  secret_settings = merge({
    ConnectionStrings__TalentPool = "connection-string"
    Auth__SigningKey              = "signing-key"
  }, { for id in keys(var.region_databases) : "Regions__Databases__${id}" => "region-database-${id}" })
}

resource "azurerm_resource_group" "main" {
  name     = "${local.name}-rg"
  location = var.location
  tags     = var.tags
}

resource "random_string" "suffix" {
  length  = 6
  upper   = false
  special = false
}

resource "random_password" "database" {
  length  = 32
  special = false
}

# The service's HMAC-SHA256 token signing key: 32 random bytes, base64 (Auth:SigningKey).
resource "random_bytes" "signing_key" {
  length = 32
}

# --- network: the database is reachable only from the Container Apps environment's subnet.

resource "azurerm_virtual_network" "main" {
  name                = "${local.name}-vnet"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  address_space       = ["10.40.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "apps" {
  name                 = "container-apps"
  resource_group_name  = azurerm_resource_group.main.name
  virtual_network_name = azurerm_virtual_network.main.name
  address_prefixes     = ["10.40.0.0/23"]

  delegation {
    name = "container-apps"
    service_delegation {
      name    = "Microsoft.App/environments"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_subnet" "database" {
  name                 = "postgresql"
  resource_group_name  = azurerm_resource_group.main.name
  virtual_network_name = azurerm_virtual_network.main.name
  address_prefixes     = ["10.40.2.0/24"]

  delegation {
    name = "postgresql"
    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_private_dns_zone" "database" {
  name                = "${local.name}.postgres.database.azure.com"
  resource_group_name = azurerm_resource_group.main.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "database" {
  name                  = "${local.name}-postgres-link"
  resource_group_name   = azurerm_resource_group.main.name
  private_dns_zone_name = azurerm_private_dns_zone.database.name
  virtual_network_id    = azurerm_virtual_network.main.id
  tags                  = var.tags
}

# --- PostgreSQL: Azure Database for PostgreSQL Flexible Server, version 15 (what the test suite runs on).

resource "azurerm_postgresql_flexible_server" "main" {
  name                          = "${local.name}-pg-${random_string.suffix.result}"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = azurerm_resource_group.main.location
  version                       = "15"
  sku_name                      = var.database_sku
  storage_mb                    = var.database_storage_mb
  auto_grow_enabled             = true
  backup_retention_days         = var.database_backup_retention_days
  geo_redundant_backup_enabled  = var.database_geo_redundant_backup
  administrator_login           = var.database_admin_login
  administrator_password        = random_password.database.result
  delegated_subnet_id           = azurerm_subnet.database.id
  private_dns_zone_id           = azurerm_private_dns_zone.database.id
  public_network_access_enabled = false
  zone                          = "1"
  tags                          = var.tags

  dynamic "high_availability" {
    for_each = var.database_high_availability ? [1] : []
    content {
      mode = "ZoneRedundant"
    }
  }

  lifecycle {
    # Azure may swap the primary and the standby after a failover: not a change to undo.
    ignore_changes = [zone, high_availability[0].standby_availability_zone]
  }

  depends_on = [azurerm_private_dns_zone_virtual_network_link.database]
}

resource "azurerm_postgresql_flexible_server_database" "talentpool" {
  name      = "talentpool"
  server_id = azurerm_postgresql_flexible_server.main.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# A database per region kept in one of its own (var.region_databases); db-apply makes its schema like the shared one's.
resource "azurerm_postgresql_flexible_server_database" "region" {
  for_each  = var.region_databases
  name      = each.value
  server_id = azurerm_postgresql_flexible_server.main.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# --- the API: Azure Container Apps (consumption profile), logs to Log Analytics.

resource "azurerm_log_analytics_workspace" "main" {
  name                = "${local.name}-logs"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = var.tags
}

resource "azurerm_container_app_environment" "main" {
  name                       = "${local.name}-apps"
  location                   = azurerm_resource_group.main.location
  resource_group_name        = azurerm_resource_group.main.name
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
  infrastructure_subnet_id   = azurerm_subnet.apps.id
  tags                       = var.tags

  workload_profile {
    name                  = "Consumption"
    workload_profile_type = "Consumption"
  }
}

resource "azurerm_container_app" "api" {
  name                         = "${local.name}-api"
  resource_group_name          = azurerm_resource_group.main.name
  container_app_environment_id = azurerm_container_app_environment.main.id
  revision_mode                = "Single"
  workload_profile_name        = "Consumption"
  tags                         = var.tags

  secret {
    name  = "connection-string"
    value = local.connection_string
  }

  secret {
    name  = "signing-key"
    value = random_bytes.signing_key.base64
  }

  dynamic "secret" {
    for_each = local.region_connection_strings
    content {
      name  = "region-database-${secret.key}"
      value = secret.value
    }
  }

  dynamic "secret" {
    for_each = var.registry == null ? [] : [1]
    content {
      name  = "registry-password"
      value = var.registry.password
    }
  }

  dynamic "registry" {
    for_each = var.registry == null ? [] : [1]
    content {
      server               = var.registry.server
      username             = var.registry.username
      password_secret_name = "registry-password"
    }
  }

  ingress {
    external_enabled = true
    target_port      = 8080
    transport        = "auto"

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = var.api_min_replicas
    max_replicas = var.api_max_replicas

    container {
      name   = "api"
      image  = var.image
      cpu    = var.api_cpu
      memory = var.api_memory

      dynamic "env" {
        for_each = local.plain_settings
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_settings
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      startup_probe {
        transport               = "HTTP"
        port                    = 8080
        path                    = "/health/live"
        interval_seconds        = 2
        failure_count_threshold = 30
      }

      liveness_probe {
        transport               = "HTTP"
        port                    = 8080
        path                    = "/health/live"
        interval_seconds        = 10
        failure_count_threshold = 3
      }

      readiness_probe {
        transport               = "HTTP"
        port                    = 8080
        path                    = "/health/ready"
        interval_seconds        = 5
        failure_count_threshold = 2
      }
    }

    http_scale_rule {
      name                = "concurrent-requests"
      concurrent_requests = tostring(var.api_concurrent_requests_per_node)
    }
  }

  # The schema is applied by the db-apply job before a new image is rolled out (infra/README.md).
  depends_on = [azurerm_postgresql_flexible_server_database.talentpool, azurerm_postgresql_flexible_server_database.region]
}

# JasperFx `db-apply`: started by hand (or by the release pipeline) before each rollout of a new image.
resource "azurerm_container_app_job" "db_apply" {
  name                         = "${local.name}-db-apply"
  location                     = azurerm_resource_group.main.location
  resource_group_name          = azurerm_resource_group.main.name
  container_app_environment_id = azurerm_container_app_environment.main.id
  workload_profile_name        = "Consumption"
  replica_timeout_in_seconds   = 600
  replica_retry_limit          = 1
  tags                         = var.tags

  manual_trigger_config {
    parallelism              = 1
    replica_completion_count = 1
  }

  secret {
    name  = "connection-string"
    value = local.connection_string
  }

  secret {
    name  = "signing-key"
    value = random_bytes.signing_key.base64
  }

  dynamic "secret" {
    for_each = local.region_connection_strings
    content {
      name  = "region-database-${secret.key}"
      value = secret.value
    }
  }

  dynamic "secret" {
    for_each = var.registry == null ? [] : [1]
    content {
      name  = "registry-password"
      value = var.registry.password
    }
  }

  dynamic "registry" {
    for_each = var.registry == null ? [] : [1]
    content {
      server               = var.registry.server
      username             = var.registry.username
      password_secret_name = "registry-password"
    }
  }

  template {
    container {
      name   = "db-apply"
      image  = var.image
      cpu    = 0.5
      memory = "1Gi"
      args   = ["db-apply"]

      dynamic "env" {
        for_each = local.plain_settings
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_settings
        content {
          name        = env.key
          secret_name = env.value
        }
      }
    }
  }
}
