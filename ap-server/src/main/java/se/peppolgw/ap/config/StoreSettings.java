package se.peppolgw.ap.config;

/**
 * The {@code gateway.db.*} settings (the database), bound once from the configuration (README.md
 * lists every key and default). A wrong value refuses the whole area with one line per problem.
 *
 * @param url JDBC URL; default an H2 file database in the data folder's {@code db}
 * @param poolSize connections in the pool
 * @param groupCommitWriters writer threads for group commit of the inbound path's writes; 0 = one
 *     commit per write
 */
public record StoreSettings(String url, String user, String password, int poolSize, int groupCommitWriters) {

  static StoreSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    int poolSize = p.read(() -> c.intValue("gateway.db.pool-size", 16, 1, 1_000), 0);
    int writers = p.read(() -> c.intValue("gateway.db.group-commit-writers", 1, 0, 64), 0);
    StoreSettings s =
        new StoreSettings(
            src.get("gateway.db.url")
                .orElse(
                    "jdbc:h2:file:" + c.dataDir().resolve("db").resolve("gateway")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"),
            src.get("gateway.db.user").orElse("sa"),
            src.get("gateway.db.password").orElse(""),
            poolSize,
            writers);
    p.throwIfAny();
    return s;
  }
}
