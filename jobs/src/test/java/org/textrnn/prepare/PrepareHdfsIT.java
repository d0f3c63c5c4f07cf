package org.textrnn.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.testing.SparkTestBase;

/** Input from and output to HDFS, through Hadoop's in-process mini cluster. */
class PrepareHdfsIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    static MiniDFSCluster cluster;
    static String hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        cluster = new MiniDFSCluster.Builder(conf, new File(tmp.resolve("dfs").toString())).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void readsAndWritesHdfsPaths() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path train = new org.apache.hadoop.fs.Path(hdfs + "/corpus/train.tsv");
        org.apache.hadoop.fs.Path test = new org.apache.hadoop.fs.Path(hdfs + "/corpus/test.tsv");
        HadoopFiles.writeText(train, "sport\tthe match was great\ntech\tthe chip is fast\nsport\ta great goal\nbroken\n", conf);
        HadoopFiles.writeText(test, "tech\ta fast new chip\n", conf);
        String out = hdfs + "/textrnn/prepared";

        PrepareResult r = PrepareJob.run(spark, PrepareConfigTest.config("--input", "train=" + train, "--input", "test=" + test,
                "--format", "tsv", "--output", out, "--vocab.min-count", "2"));

        assertThat(r.documents()).containsEntry("train", 3L).containsEntry("test", 1L);
        assertThat(r.rejected()).isEqualTo(1);
        FileSystem fs = FileSystem.get(java.net.URI.create(hdfs), conf);
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(out + "/_SUCCESS"))).isTrue();
        assertThat(HadoopFiles.readText(new org.apache.hadoop.fs.Path(out + "/vocab.tsv"), conf))
                .isEqualTo("<pad>\t0\t0\n<unk>\t1\t7\ngreat\t2\t2\nthe\t3\t2\n");
        Map<String, Object> stats = Json.readMap(HadoopFiles.readText(new org.apache.hadoop.fs.Path(out + "/stats.json"), conf), "stats");
        assertThat(((Map<?, ?>) stats.get("input")).get("rejected")).isEqualTo(1);
        assertThat(spark.read().parquet(out + "/sequences").filter("split = 'test'").count()).isEqualTo(1);

        // the reused vocabulary and the config file can live on HDFS too
        org.apache.hadoop.fs.Path confFile = new org.apache.hadoop.fs.Path(hdfs + "/conf/prepare.conf");
        HadoopFiles.writeText(confFile, "format = tsv\nvocab.from = " + out + "/vocab.tsv\n", conf);
        PrepareResult again = PrepareJob.run(spark, PrepareConfigTest.config("--config", confFile.toString(),
                "--input", "test=" + test, "--output", hdfs + "/textrnn/scored-input"));
        assertThat(again.documents()).containsOnly(Map.entry("test", 1L));
        assertThat(HadoopFiles.readText(new org.apache.hadoop.fs.Path(hdfs + "/textrnn/scored-input/vocab.tsv"), conf))
                .isEqualTo(HadoopFiles.readText(new org.apache.hadoop.fs.Path(out + "/vocab.tsv"), conf));
    }
}
