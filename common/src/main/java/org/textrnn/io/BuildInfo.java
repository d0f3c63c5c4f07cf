package org.textrnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of textrnn and of the stack it runs on, for provenance records. */
public final class BuildInfo {

    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/textrnn/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // provenance then says "unknown": never a reason to fail a job
        }
        return p;
    }

    public static String version() {
        return value("version");
    }

    /** textrnn, git commit, Java, and Spark (the one running, when on the class path). */
    public static Map<String, Object> versions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("textrnn", version());
        m.put("git_commit", value("git.commit") + ("true".equals(BUILD.getProperty("git.dirty")) ? "-dirty" : ""));
        m.put("java", System.getProperty("java.version"));
        m.put("spark", sparkVersion());
        m.put("dl4j", value("dl4j.version"));
        return m;
    }

    private static String sparkVersion() {
        // Scala's package object is not reachable by name from Java source ("package" is a keyword)
        try {
            Class<?> c = Class.forName("org.apache.spark.package$");
            Object module = c.getField("MODULE$").get(null);
            return (String) c.getMethod("SPARK_VERSION").invoke(module);
        } catch (ReflectiveOperationException | LinkageError e) {
            return value("spark.version");
        }
    }

    private static String value(String key) {
        String v = BUILD.getProperty(key);
        return v == null || v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
