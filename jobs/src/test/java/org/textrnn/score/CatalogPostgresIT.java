package org.textrnn.score;

import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.testing.CliProcess;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyModel;

/**
 * {@code textrnn score --catalog-uri jdbc:postgresql://...}: textrnn's catalog as Iceberg's JdbcCatalog
 * on a real PostgreSQL server, as on a cluster. The server's JDBC URL comes from
 * {@value #URL_ENV} (user and password from {@value #USER_ENV} and {@value #PASSWORD_ENV});
 * without it the test is skipped. {@code .ci/run} starts a throw-away server and checks that this
 * test ran.
 */
class CatalogPostgresIT extends SparkTestBase {

    static final String URL_ENV = "TEXTRNN_TEST_POSTGRES_URL";
    static final String USER_ENV = "TEXTRNN_TEST_POSTGRES_USER";
    static final String PASSWORD_ENV = "TEXTRNN_TEST_POSTGRES_PASSWORD";
    static final int DOCS = 60;

    @TempDir
    static Path tmp;
    static String url;
    static Path model;
    static Path docs;

    /** In the test, not in a {@code @BeforeAll}: a class-level skip would leave no test, nor its reason, in the report. */
    static void needsAServer() throws IOException {
        url = System.getenv(URL_ENV);
        assumeTrue(url != null && !url.isBlank(), URL_ENV + " is not set, so there is no PostgreSQL server to test textrnn's "
                + "JdbcCatalog against: skipped (set it to e.g. jdbc:postgresql://127.0.0.1:5432/textrnn, with " + USER_ENV + " and "
                + PASSWORD_ENV + "; .ci/run starts a throw-away server)");
        model = ToyModel.train(spark, tmp.resolve("train")).bundle();
        docs = tmp.resolve("docs.tsv");
        Files.writeString(docs, ToyModel.CORPUS.tsv(DOCS, 31));
    }

    private static CliProcess textrnn(String log, String... args) {
        CliProcess p = CliProcess.of(tmp.resolve(log), args);
        if (System.getenv(USER_ENV) != null) {
            p.env(CatalogOptions.USER_ENV, System.getenv(USER_ENV));
        }
        if (System.getenv(PASSWORD_ENV) != null) {
            p.env(CatalogOptions.PASSWORD_ENV, System.getenv(PASSWORD_ENV));
        }
        return p;
    }

    private static Connection server() throws Exception {
        Properties p = new Properties();
        if (System.getenv(USER_ENV) != null) {
            p.setProperty("user", System.getenv(USER_ENV));
        }
        if (System.getenv(PASSWORD_ENV) != null) {
            p.setProperty("password", System.getenv(PASSWORD_ENV));
        }
        return DriverManager.getConnection(url, p);
    }

    @Test
    void scoreTwiceIntoAJdbcCatalogOnPostgresqlAndReadItBack() throws Exception {
        needsAServer();
        String ns = "it" + System.currentTimeMillis();
        String table = ns + ".predictions";
        Path wh = tmp.resolve("warehouse");
        for (String date : List.of("2026-11-20", "2026-11-21")) {
            CliProcess run = textrnn("score-" + date + ".log", "score", "--model", model.toString(), "--input", docs.toString(),
                    "--format", "tsv", "--table", table, "--warehouse", wh.toString(), "--catalog-uri", url, "--run-date", date);
            assertThat(run.run(600)).as(run.output()).isZero();
            assertThat(run.output()).contains("Iceberg JdbcCatalog on " + CatalogOptions.redact(url));
            if (System.getenv(PASSWORD_ENV) != null && System.getenv(PASSWORD_ENV).length() > 3) {
                assertThat(run.output()).doesNotContain(System.getenv(PASSWORD_ENV));
            }
        }
        // no SQLite catalog next to the tables: the catalog is the server's
        assertThat(wh.resolve(Tables.CATALOG_FILE)).doesNotExist();
        assertThat(wh.resolve(ns).resolve("predictions").resolve("metadata")).isDirectory();

        CliProcess sql = textrnn("sql.log", "sql", "--warehouse", wh.toString(), "--catalog-uri", url,
                "SELECT CAST(run_date AS STRING) AS d, count(*) AS n FROM textrnn." + table + " GROUP BY 1 ORDER BY 1");
        assertThat(sql.run(600)).as(sql.output()).isZero();
        assertThat(sql.output().lines().filter(l -> l.matches("2026-11-2\\d\t\\d+")).toList())
                .containsExactly("2026-11-20\t" + DOCS, "2026-11-21\t" + DOCS);

        try (Connection c = server();
             PreparedStatement st = c.prepareStatement("SELECT table_name, metadata_location FROM iceberg_tables "
                     + "WHERE catalog_name = 'textrnn' AND table_namespace = ?")) {
            st.setString(1, ns);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("the table is registered in the server's iceberg_tables").isTrue();
                assertThat(rs.getString(1)).isEqualTo("predictions");
                assertThat(rs.getString(2)).startsWith(Tables.absolute(wh.toString())).endsWith(".metadata.json");
            }
            for (String t : List.of("iceberg_tables", "iceberg_namespace_properties")) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM " + t + " WHERE catalog_name = 'textrnn' AND "
                        + (t.equals("iceberg_tables") ? "table_namespace" : "namespace") + " = ?")) {
                    del.setString(1, ns);
                    del.executeUpdate();
                }
            }
        }
    }
}
