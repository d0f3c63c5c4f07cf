package org.textrnn.table;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's JdbcCatalog, the catalog {@value Tables#CATALOG} (Spark setting {@code catalog-impl}),
 * with one repair for SQLite: Iceberg 1.10 looks up its catalog tables with
 * {@code DatabaseMetaData.getTables/getColumns} when it opens the catalog and never closes those
 * result sets. On SQLite an unfinished statement keeps its connection's read transaction open, so
 * that pooled connection goes on reading the database as it was when the catalog opened (another
 * process's commits unseen), and its later commit fails at once with {@code SQLITE_BUSY} instead of
 * waiting out the busy timeout. Here every metadata result set is copied and closed before Iceberg
 * sees it; nothing else changes.
 */
public class TextrnnJdbcCatalog extends JdbcCatalog {

    public TextrnnJdbcCatalog() {
        super(null, props -> new Pool(props.get(CatalogProperties.URI), props), true);
    }

    /** Iceberg's connection pool, handing out connections whose metadata result sets are closed when read. */
    static final class Pool extends JdbcClientPool {

        Pool(String uri, Map<String, String> props) {
            super(uri, props);
        }

        @Override
        protected Connection newClient() {
            Connection c = super.newClient();
            return proxy(Connection.class, c, (m, result) -> m.getName().equals("getMetaData")
                    ? proxy(DatabaseMetaData.class, (DatabaseMetaData) result, (mm, r) -> r instanceof ResultSet rs ? copy(rs) : r)
                    : result);
        }
    }

    private interface After {
        Object apply(Method m, Object result) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(TextrnnJdbcCatalog.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(m, result);
        }));
    }

    /** The rows of {@code rs} in memory; {@code rs} and its statement are closed. */
    private static ResultSet copy(ResultSet rs) throws SQLException {
        Statement st = null;
        try {
            st = rs.getStatement();
        } catch (SQLException e) {
            // no statement to close
        }
        try (ResultSet r = rs) {
            CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
            rows.populate(r);
            return rows;
        } finally {
            if (st != null) {
                st.close();
            }
        }
    }
}
