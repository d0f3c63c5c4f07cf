package org.textrnn.prepare;

import org.textrnn.corpus.CorpusReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.io.Json;
import org.textrnn.testing.SharedData;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.UnreadableFiles;
import org.textrnn.vocab.Vocabulary;

/** Every input format, the tokenizer options, the bad-input rules and re-runs, on small fixtures. */
class PrepareFormatsIT extends SparkTestBase {

    @TempDir
    Path dir;

    private PrepareResult prepare(String... args) throws IOException {
        return PrepareJob.run(spark, PrepareConfigTest.config(args));
    }

    private static List<String> vocabTokens(Path out) throws IOException {
        return Files.readAllLines(out.resolve("vocab.tsv")).stream().map(l -> l.split("\t")[0]).toList();
    }

    /** doc_id -> "label: decoded tokens" of one output. */
    private static Map<String, String> documents(Path out) throws IOException {
        Vocabulary v = Vocabulary.parse(Files.readString(out.resolve("vocab.tsv")), "vocab.tsv");
        Dataset<Row> seq = spark.read().parquet(out.resolve("sequences").toString());
        return seq.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("doc_id"), r -> {
            List<Integer> ids = r.getList(r.fieldIndex("tokens"));
            int len = r.getAs("length");
            return r.getAs("label") + ":" + ids.subList(0, len).stream().map(v::token).collect(Collectors.joining(" "));
        }));
    }

    private static List<Map<String, Object>> rejected(Path out) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(out.resolve("rejected"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    all.add(Json.readMap(line, f.toString()));
                }
            }
        }
        return all;
    }

    private static Map<String, Object> stats(Path out) throws IOException {
        return Json.readMap(Files.readString(out.resolve("stats.json")), "stats.json");
    }

    @Test
    void tsvWithHeaderBlankAndMalformedLines() throws IOException {
        Path in = dir.resolve("in.tsv");
        byte[] bad = "ham\tcaf\u00e9 bytes\n".getBytes(StandardCharsets.ISO_8859_1);
        try (var o = Files.newOutputStream(in)) {
            o.write("label\ttext\nham\thello world\n\nspam\tWIN money now\tand more\nno tab here\n".getBytes(StandardCharsets.UTF_8));
            o.write(bad);
            o.write("ham\t   \n".getBytes(StandardCharsets.UTF_8));
        }
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "1");
        assertThat(documents(out).values()).containsExactlyInAnyOrder("ham:hello world", "spam:win money now and more");
        assertThat(r.empty()).as("blank line and blank text").isEqualTo(2);
        List<Map<String, Object>> rejected = rejected(out);
        assertThat(rejected).hasSize(2);
        assertThat(rejected).anySatisfy(m -> {
            assertThat(m.get("source").toString()).endsWith("in.tsv:5");
            assertThat(m.get("reason")).isEqualTo("expected 2 tab-separated fields (label,text), found 1");
            assertThat(m.get("text")).isEqualTo("no tab here");
        });
        assertThat(rejected).anySatisfy(m -> {
            assertThat(m.get("source").toString()).endsWith("in.tsv:6");
            assertThat(m.get("reason")).isEqualTo("not valid UTF-8 text");
        });
        assertThat(((Map<?, ?>) stats(out).get("input")).get("rejected")).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tsvColumnsWithIdsAndSmsSpam() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "d1\tx\tham\tgood morning\nd2\tx\tspam\tfree prize\n");
        Path out = dir.resolve("out");
        prepare("--input", "train=" + in, "--format", "tsv", "--columns", "id,_,label,text", "--output", out.toString(),
                "--vocab.min-count", "1");
        assertThat(documents(out)).containsEntry("d1", "ham:good morning").containsEntry("d2", "spam:free prize");

        Path sms = SharedData.require("sms-spam/SMSSpamCollection");
        Path smsOut = dir.resolve("sms");
        PrepareResult r = prepare("--input", sms.toString(), "--format", "tsv", "--output", smsOut.toString());
        assertThat(r.documents().values().stream().mapToLong(Long::longValue).sum() + r.empty()).isEqualTo(5_574);
        assertThat(r.documents().keySet()).containsExactly("train", "validation", "test");
        assertThat(r.documents().get("train")).isBetween(4_300L, 4_650L);
        Map<String, Object> classes = (Map<String, Object>) ((Map<?, ?>) ((Map<?, ?>) stats(smsOut).get("splits")).get("train")).get("class_counts");
        assertThat(classes.keySet()).containsExactly("ham", "spam");
    }

    @Test
    void csvWithQuotedMultilineFieldsAndSeveralTextColumns() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, """
                id,title,body,category
                1,Stocks rise,"Markets, again,
                up",business
                2,Cup final,"Team wins ""big""\",sports
                3,,,sports
                4,No label,text,
                5,Too,many,fields,here
                """);
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + in, "--format", "csv", "--text-column", "title,body", "--label-column", "category",
                "--id-column", "id", "--output", out.toString(), "--vocab.min-count", "1");
        assertThat(documents(out)).containsOnly(
                Map.entry("1", "business:stocks rise markets, again, up"),
                Map.entry("2", "sports:cup final team wins \"big\""));
        assertThat(r.empty()).isEqualTo(1);
        // records count from 1 after the header: the first one spans two lines, so record 4 is on line 6
        assertThat(rejected(out)).hasSize(2).anySatisfy(m -> {
            assertThat(m.get("source")).isEqualTo(in.toUri() + ", record 4");
            assertThat(m.get("reason")).isEqualTo("no value in label column 'category'");
        }).anySatisfy(m -> {
            assertThat(m.get("source")).isEqualTo(in.toUri() + ", record 5");
            assertThat(m.get("reason")).isEqualTo("malformed CSV record");
            assertThat(m.get("text")).isEqualTo("5,Too,many,fields,here");
        });
        // good records keep the file as their source (ids and the score table's source column depend on it)
        Dataset<Row> read = CorpusReader.read(spark, PrepareConfigTest.config("--input", "train=" + in, "--format", "csv",
                "--text-column", "title,body", "--label-column", "category", "--id-column", "id", "--output", "o").source());
        assertThat(read.filter("status = 'ok'").select("source").distinct().collectAsList())
                .singleElement().satisfies(row -> assertThat(row.getString(0)).isEqualTo(in.toUri().toString()));

        assertThatThrownBy(() -> prepare("--input", "train=" + in, "--format", "csv", "--output", dir.resolve("o2").toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("column 'text' is not in " + in + "; its columns are [id, title, body, category]");
    }

    @Test
    void csvRecordNumbersInTheSplitsOfALargerFile() throws IOException {
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 1; i <= 400; i++) {
            sb.append(i == 30 || i == 350 ? "bad,record,here" : "document " + i + " words").append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        String csv = sb.toString();
        Path in = dir.resolve("big.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("out");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096"); // so that Spark splits the 9 KB file
        spark.conf().set("spark.sql.files.openCostInBytes", "1024");
        try {
            prepare("--input", "train=" + in, "--format", "csv", "--csv.multiline", "false", "--output", out.toString(), "--vocab.min-count", "1");
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
        List<String> sources = rejected(out).stream().map(m -> m.get("source").toString())
                .sorted(java.util.Comparator.comparing(source -> source.contains("@byte"))).toList();
        assertThat(sources).hasSize(2);
        // in the first part: the record number in the file (line 31 is its 30th record)
        assertThat(sources.get(0)).isEqualTo(in.toUri() + ", record 30");
        // in a later part: counted from the first line that starts after the part's first byte, as Hadoop reads a split
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(in.toUri().toString())
                + " @byte (\\d+), record (\\d+) from there").matcher(sources.get(1));
        assertThat(m.matches()).as(sources.get(1)).isTrue();
        int firstLine = csv.indexOf('\n', Integer.parseInt(m.group(1))) + 1;
        int badLine = csv.indexOf("bad,record,here", firstLine);
        long records = csv.substring(firstLine, badLine + 1).chars().filter(c -> c == '\n').count() + 1;
        assertThat(Long.parseLong(m.group(2))).isEqualTo(records);
    }

    @Test
    void jsonLines() throws IOException {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, """
                {"text": "first doc here", "label": "a", "id": 7}
                {"text": "second doc", "label": "b"}
                {"text": "no label"}
                {not json
                [1, 2]
                {"body": "wrong field", "label": "a"}
                """);
        Path out = dir.resolve("out");
        prepare("--input", "train=" + in, "--format", "jsonl", "--id-column", "id", "--output", out.toString(), "--vocab.min-count", "1");
        Map<String, String> docs = documents(out);
        assertThat(docs).containsEntry("7", "a:first doc here").hasSize(2);
        assertThat(docs.values()).contains("b:second doc");
        assertThat(rejected(out)).extracting(m -> m.get("reason").toString())
                .containsExactlyInAnyOrder("no label in field 'label'", "not a JSON object", "no text field 'text'",
                        rejected(out).stream().map(m -> m.get("reason").toString()).filter(s -> s.startsWith("invalid JSON")).findFirst().orElse("invalid JSON missing"));
    }

    @Test
    void parquetColumns() throws IOException {
        StructType schema = new StructType().add("doc", DataTypes.StringType).add("content", DataTypes.StringType).add("y", DataTypes.IntegerType);
        Path in = dir.resolve("in.parquet");
        spark.createDataFrame(List.of(RowFactory.create("p1", "Alpha beta", 1), RowFactory.create("p2", "gamma", 0),
                RowFactory.create("p3", null, 0)), schema).write().parquet(in.toString());
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + in, "--format", "parquet", "--text-column", "content", "--label-column", "y",
                "--id-column", "doc", "--output", out.toString(), "--vocab.min-count", "1");
        assertThat(documents(out)).containsOnly(Map.entry("p1", "1:alpha beta"), Map.entry("p2", "0:gamma"));
        assertThat(r.empty()).isEqualTo(1);
    }

    @Test
    void dirPerClassAndUnlabelledFiles() throws IOException {
        Path root = dir.resolve("news");
        Files.createDirectories(root.resolve("sport"));
        Files.createDirectories(root.resolve("tech"));
        Files.writeString(root.resolve("sport/1.txt"), "Goal!\nThe match ended 2-1.");
        Files.writeString(root.resolve("tech/a.txt"), "New chips are fast");
        Files.write(root.resolve("tech/bad.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        Path out = dir.resolve("out");
        prepare("--input", "train=" + root, "--format", "dir-per-class", "--output", out.toString(), "--vocab.min-count", "1");
        assertThat(documents(out)).containsOnly(Map.entry("sport/1.txt", "sport:goal! the match ended 2-1."),
                Map.entry("tech/a.txt", "tech:new chips are fast"));
        assertThat(rejected(out)).singleElement().satisfies(m -> {
            assertThat(m.get("source").toString()).endsWith("tech/bad.txt");
            assertThat(m.get("reason")).isEqualTo("not valid UTF-8 text");
        });

        Path unlabelledOut = dir.resolve("unlabelled");
        prepare("--input", "test=" + root.resolve("sport"), "--format", "dir-per-class", "--unlabelled", "--output", unlabelledOut.toString(),
                "--vocab.from", out.resolve("vocab.tsv").toString());
        assertThat(documents(unlabelledOut)).containsOnly(Map.entry("sport/1.txt", "null:goal! the match ended 2-1."));
        assertThat(Files.readString(unlabelledOut.resolve("vocab.tsv"))).isEqualTo(Files.readString(out.resolve("vocab.tsv")));
        assertThat(stats(unlabelledOut).get("labelled")).isEqualTo(false);
    }

    @Test
    void emailFoldersWithLabelRegex() throws IOException {
        Path root = dir.resolve("mail");
        Files.createDirectories(root.resolve("easy-ham-1"));
        Files.createDirectories(root.resolve("spam-2"));
        Files.writeString(root.resolve("easy-ham-1/0001.txt"), """
                From: alice@example.com
                To: bob@example.com
                Subject: Lunch tomorrow
                Content-Type: text/plain; charset=us-ascii

                Shall we meet at noon?
                """);
        Files.writeString(root.resolve("spam-2/0002.txt"), """
                From: win@spam.example
                Subject: =?UTF-8?B?WW91IHdvbiE=?=
                MIME-Version: 1.0
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                <html><body><p>Claim your <b>prize</b> now=21</p></body></html>
                """);
        Files.write(root.resolve("spam-2/0003.txt"), new byte[0]);
        // an executable that landed in a class folder: read as a body without headers it became thousands of tokens
        byte[] elf = new byte[8192];
        byte[] head = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(head, 0, elf, 0, head.length);
        for (int i = head.length; i < elf.length; i++) {
            elf[i] = (byte) (i % 11 == 0 ? '\n' : i % 5 == 0 ? ' ' : 'a' + i % 26);
        }
        Files.write(root.resolve("spam-2/a.out"), elf);
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + root, "--format", "email", "--label-regex", "(spam|ham)", "--output", out.toString(),
                "--vocab.min-count", "1");
        Map<String, String> docs = documents(out);
        assertThat(docs).containsEntry("easy-ham-1/0001.txt", "ham:lunch tomorrow shall we meet at noon?");
        assertThat(docs.get("spam-2/0002.txt")).isEqualTo("spam:you won! claim your prize now!");
        assertThat(docs).hasSize(2);
        assertThat(r.rejected()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("labels.tsv"))).isEqualTo("ham\t0\nspam\t1\n");
        assertThat(rejected(out)).hasSize(2).anySatisfy(m -> assertThat(m.get("reason")).isEqualTo("empty message"))
                .anySatisfy(m -> {
                    assertThat(m.get("source").toString()).endsWith("spam-2/a.out");
                    assertThat(m.get("reason")).isEqualTo("not an e-mail message: it does not start with a header field"
                            + " (such as From:, Received: or Subject:), as an RFC 822 / MIME message does");
                });
    }

    @Test
    void unreadableFilesAreRejectedRecordsNamingTheFileAndTheError() throws IOException {
        // one document per file: a file whose bytes no longer match their checksum
        Path root = dir.resolve("news");
        Files.createDirectories(root.resolve("sport"));
        Files.writeString(root.resolve("sport/1.txt"), "Goal! The match ended 2-1.");
        Path corrupt = root.resolve("tech/corrupt.txt");
        UnreadableFiles.checksumMismatch(corrupt, "New chips are fast", "New chips are slow");
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + root, "--format", "dir-per-class", "--output", out.toString(), "--vocab.min-count", "1");
        assertThat(documents(out)).containsOnly(Map.entry("sport/1.txt", "sport:goal! the match ended 2-1."));
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(rejected(out)).singleElement().satisfies(m -> {
            assertThat(m.get("source")).isEqualTo(corrupt.toUri().toString().replace("file:///", "file:/"));
            assertThat(m.get("reason").toString()).startsWith("cannot read the file: Checksum error: ").contains("tech/corrupt.txt");
        });
        // --on-error fail: one line naming the file, not a task failure's stack trace
        assertThatThrownBy(() -> prepare("--input", "train=" + root, "--format", "dir-per-class", "--output", dir.resolve("o2").toString(),
                "--on-error", "fail"))
                .satisfies(e -> assertThat(org.textrnn.cli.TextrnnCliAccess.userMessage(e))
                        .matches("file:/\\S*/tech/corrupt\\.txt: cannot read the file: Checksum error: \\S*/tech/corrupt\\.txt at 0 exp: -?\\d+"
                                + " got: -?\\d+ \\(--on-error fail\\)"));

        // line formats: a gzip file cut in the middle keeps the lines before the cut, then one rejected record
        Path lines = dir.resolve("lines");
        Files.createDirectories(lines);
        Files.writeString(lines.resolve("good.tsv"), "a\tfine words\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append(i % 2 == 0 ? "a" : "b").append("\tline ").append(i).append(" of ").append(i * 7919 % 10007).append('\n');
        }
        UnreadableFiles.truncatedGzip(lines.resolve("broken.tsv.gz"), sb.toString());
        Path linesOut = dir.resolve("lines-out");
        PrepareResult lr = prepare("--input", "train=" + lines, "--format", "tsv", "--output", linesOut.toString(), "--vocab.min-count", "1");
        Map<String, Object> reject = rejected(linesOut).get(0);
        assertThat(rejected(linesOut)).hasSize(1);
        assertThat(reject.get("source").toString()).endsWith("lines/broken.tsv.gz");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cannot read the file after line (\\d+): Unexpected end of input stream")
                .matcher(reject.get("reason").toString());
        assertThat(m.matches()).as(reject.get("reason").toString()).isTrue();
        long linesRead = Long.parseLong(m.group(1));
        assertThat(linesRead).isBetween(100L, 2999L);
        assertThat(lr.documents().get("train")).isEqualTo(linesRead + 1);
    }

    @Test
    void aFileRemovedBetweenListingAndReadingIsARejectedRecord() throws IOException {
        Path root = dir.resolve("inbox");
        Files.createDirectories(root);
        Files.writeString(root.resolve("a.txt"), "first");
        Files.writeString(root.resolve("b.txt"), "second");
        Dataset<Row> read = CorpusReader.read(spark, PrepareConfigTest.config("--input", "test=" + root, "--format", "dir-per-class",
                "--unlabelled", "--output", "o").source()); // lists the files
        Files.delete(root.resolve("b.txt"));
        Map<String, String> reasons = read.collectAsList().stream().collect(Collectors.toMap(
                row -> row.<String>getAs("source").replaceAll(".*/", ""), row -> row.getAs("status") + ": " + row.getAs("reason")));
        assertThat(reasons).containsEntry("a.txt", "ok: null");
        assertThat(reasons.get("b.txt")).matches("rejected: cannot read the file: File file:/\\S*/inbox/b\\.txt does not exist");
    }

    @Test
    void tokenizerOptionsReachTheVocabulary() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tSee https://x.org/p and mail me@x.org, 1,000 times!\n");
        Path out = dir.resolve("out");
        prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "1",
                "--tokenizer", "regex", "--tokenizer.fold-urls", "true", "--tokenizer.fold-emails", "true", "--tokenizer.fold-numbers", "true");
        assertThat(vocabTokens(out)).containsExactlyInAnyOrder("<pad>", "<unk>", "see", "<url>", "and", "mail", "<email>", "<num>", "times");
    }

    @Test
    void lengthTruncationAndVocabularyLimits() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tw1 w2 w3 w4 w5\na\tw1 w2\nb\tw1 w9 w9\n");
        Path out = dir.resolve("out");
        prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "1",
                "--vocab.max-size", "4", "--max-length", "3", "--truncation", "tail");
        assertThat(vocabTokens(out)).containsExactly("<pad>", "<unk>", "w1", "w2");
        assertThat(documents(out).values()).containsExactlyInAnyOrder("a:<unk> <unk> <unk>", "a:w1 w2", "b:w1 <unk> <unk>");
        Row first = spark.read().parquet(out.resolve("sequences").toString()).filter("length = 3 and label = 'a'").first();
        assertThat(first.<Boolean>getAs("truncated")).isTrue();
    }

    @Test
    void aPercentileMaxLengthAboveTheLimitIsCapped() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\t" + "w ".repeat(12_000) + "\nb\tshort one\n");
        Path out = dir.resolve("out");
        PrepareResult r = prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "1",
                "--max-length", "p100");
        assertThat(r.maxLength()).isEqualTo(PrepareConfig.MAX_LENGTH_LIMIT).isEqualTo(10_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> maxLength = (Map<String, Object>) stats(out).get("max_length");
        assertThat(maxLength).containsEntry("value", 10_000)
                .containsEntry("rule", "p100 of the training split's lengths (12000), capped at the limit of 10000");
    }

    @Test
    void splitsAreDeterministicAndRepeatedDocumentsStayTogether() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append(i % 2 == 0 ? "x" : "y").append("\tdocument number ").append(i).append('\n');
        }
        sb.append("x\tdocument number 0\n");
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, sb.toString());
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        PrepareResult ra = prepare("--input", in.toString(), "--format", "tsv", "--output", a.toString(), "--vocab.min-count", "1");
        prepare("--input", in.toString(), "--format", "tsv", "--output", b.toString(), "--vocab.min-count", "1", "--output.partitions", "3");
        assertThat(ra.documents().get("train")).isBetween(280L, 360L);
        assertThat(ra.documents().get("validation")).isBetween(20L, 65L);
        for (String f : List.of("vocab.tsv", "labels.tsv", "stats.json")) {
            assertThat(Files.readString(b.resolve(f))).as(f).isEqualTo(Files.readString(a.resolve(f)));
        }
        Dataset<Row> da = spark.read().parquet(a.resolve("sequences").toString());
        Dataset<Row> db = spark.read().parquet(b.resolve("sequences").toString());
        assertThat(da.exceptAll(db).count()).isZero();
        assertThat(db.exceptAll(da).count()).isZero();
        List<Row> repeated = da.filter("doc_id like '%#2'").collectAsList();
        assertThat(repeated).hasSize(1);
        String base = repeated.get(0).<String>getAs("doc_id").replace("#2", "");
        assertThat(da.filter("doc_id = '" + base + "'").first().<String>getAs("split")).isEqualTo(repeated.get(0).getAs("split"));

        PrepareResult other = prepare("--input", in.toString(), "--format", "tsv", "--output", dir.resolve("c").toString(),
                "--vocab.min-count", "1", "--seed", "7");
        assertThat(other.documents()).isNotEqualTo(ra.documents());
    }

    @Test
    void reRunsReplaceTheSameRunAndRefuseAnother() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tone two\nb\tthree four\n");
        Path out = dir.resolve("out");
        String[] args = {"--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "1"};
        prepare(args);
        String stats = Files.readString(out.resolve("stats.json"));
        prepare(args);
        assertThat(Files.readString(out.resolve("stats.json"))).isEqualTo(stats);
        assertThat(documents(out)).hasSize(2);

        assertThatThrownBy(() -> prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--output " + out + " already holds a different prepare run (run id prepare-")
                .hasMessageContaining("add --overwrite to replace it");
        prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--vocab.min-count", "2", "--overwrite");
        assertThat(vocabTokens(out)).containsExactly("<pad>", "<unk>");

        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> prepare("--input", "train=" + in, "--format", "tsv", "--output", foreign.toString(), "--overwrite"))
                .hasMessageContaining("holds files that are not a textrnn prepare output (notes.txt): choose a new or empty folder");
        assertThat(foreign.resolve("notes.txt")).exists();
    }

    @Test
    void badInputFailsWithWhereAndWhat() throws IOException {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tfine\nbroken line\n");
        assertThatThrownBy(() -> prepare("--input", "train=" + in, "--format", "tsv", "--output", dir.resolve("o1").toString(),
                "--on-error", "fail"))
                .satisfies(e -> assertThat(org.textrnn.cli.TextrnnCliAccess.userMessage(e))
                        .endsWith("in.tsv:2: expected 2 tab-separated fields (label,text), found 1 (--on-error fail)"));

        assertThatThrownBy(() -> prepare("--input", "trian=" + in, "--format", "tsv", "--output", dir.resolve("o2").toString()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--input trian=" + in + ": no such file or folder (a split prefix must be train=, validation= or test=)");
        assertThatThrownBy(() -> prepare("--input", "test=" + in, "--format", "tsv", "--output", dir.resolve("o3").toString()))
                .hasMessageStartingWith("the vocabulary is built from the training split, but there is none");
        assertThatThrownBy(() -> prepare("--input", "train=" + in, "--format", "dir-per-class", "--output", dir.resolve("o4").toString()))
                .hasMessageContaining("reads a folder (one sub-folder per label, one file per document), found the file");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        assertThatThrownBy(() -> prepare("--input", "train=" + empty, "--format", "last-word-label", "--output", dir.resolve("o5").toString()))
                .isInstanceOf(TextrnnException.class)
                .hasMessageContaining("no documents with text in [train=" + empty + "]: 2 empty and 0 rejected records");
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "a\t0\n");
        Path out = dir.resolve("o6");
        PrepareResult r = prepare("--input", "train=" + in, "--format", "tsv", "--output", out.toString(), "--labels.from", labels.toString(),
                "--vocab.min-count", "1");
        assertThat(r.rejected()).isEqualTo(1);
        Files.writeString(dir.resolve("in2.tsv"), "a\tfine\nzzz\tother label\n");
        PrepareResult r2 = prepare("--input", "train=" + dir.resolve("in2.tsv"), "--format", "tsv", "--output", dir.resolve("o7").toString(),
                "--labels.from", labels.toString(), "--vocab.min-count", "1");
        assertThat(r2.documents()).containsEntry("train", 1L);
        assertThat(rejected(dir.resolve("o7"))).singleElement()
                .satisfies(m -> assertThat(m.get("reason")).isEqualTo("label 'zzz' is not in --labels.from " + labels));
        assertThat(Arrays.asList(Files.readString(dir.resolve("o7/labels.tsv")).split("\n"))).containsExactly("a\t0");
    }
}
