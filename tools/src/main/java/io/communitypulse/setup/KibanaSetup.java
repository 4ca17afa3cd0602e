package io.communitypulse.setup;

import java.io.PrintStream;
import java.util.List;

/**
 * The Kibana steps of {@code ./pulse setup}: the saved objects in the default space, then for each
 * community its space, the objects rewritten for it and its role; every space (the default one
 * included) shows times in UTC. Each step is idempotent.
 */
final class KibanaSetup {

  /**
   * The advanced setting that decides in which time zone Kibana draws dates, and the value every
   * space gets. Community figures are per UTC day (docs/indicators.md); drawn in the browser's
   * zone, a daily bar would sit on the previous day for everyone west of UTC (docs/dashboards.md).
   */
  static final String TIME_ZONE_SETTING = "dateFormat:tz";

  static final String TIME_ZONE = "UTC";

  private final KibanaClient kibana;
  private final String indexPrefix;
  private final PrintStream out;

  KibanaSetup(KibanaClient kibana, String indexPrefix, PrintStream out) {
    this.kibana = kibana;
    this.indexPrefix = indexPrefix;
    this.out = out;
  }

  void apply(SavedObjects bundled, List<Tenant> tenants) {
    int shared = kibana.importSavedObjects(null, bundled.forSharedSpace(indexPrefix).toNdjson());
    out.println("setup: kibana default space: " + shared + " saved objects");
    showTimesInUtc(null, "default space");
    boolean rolesApplied = true;
    for (Tenant tenant : tenants) {
      kibana.ensureSpace(TenancyDefinitions.space(tenant));
      showTimesInUtc(tenant.spaceId(), "space " + tenant.spaceId());
      int imported =
          kibana.importSavedObjects(
              tenant.spaceId(), bundled.forTenant(indexPrefix, tenant).toNdjson());
      if (rolesApplied) {
        rolesApplied =
            kibana.putRole(
                tenant.roleName(indexPrefix), TenantRoles.kibanaRole(indexPrefix, tenant));
      }
      out.println("setup: kibana space " + tenant.spaceId() + ": " + imported + " saved objects");
    }
    if (!tenants.isEmpty()) {
      out.println(
          rolesApplied
              ? "setup: kibana roles for " + tenants.size() + " communities"
              : "setup: kibana security is off, so no roles were created");
    }
  }

  private void showTimesInUtc(String spaceId, String name) {
    String prefix = "setup: kibana " + name + ": " + TIME_ZONE_SETTING;
    switch (kibana.ensureSetting(spaceId, TIME_ZONE_SETTING, TIME_ZONE)) {
      case CHANGED -> out.println(prefix + " set to " + TIME_ZONE);
      case UNCHANGED -> out.println(prefix + " is " + TIME_ZONE);
      case OVERRIDDEN ->
          out.println(
              prefix
                  + " is fixed to another zone by kibana.yml (uiSettings.overrides), so daily"
                  + " charts do not line up with the UTC days of the figures; set it to "
                  + TIME_ZONE
                  + " there");
    }
  }
}
