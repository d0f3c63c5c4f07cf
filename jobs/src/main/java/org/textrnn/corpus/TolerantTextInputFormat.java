package org.textrnn.corpus;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Hadoop's text input (lines, compressed files decompressed), except that a file that cannot be
 * opened or read to its end (gone since it was listed, not readable, corrupt compressed data, a
 * checksum error) does not fail the task: its split ends with one marker record, key
 * {@link #UNREADABLE} and the I/O error's message as the value, after the lines read before the
 * error. Hadoop's keys are byte offsets, never negative, so the marker cannot be a line.
 */
public final class TolerantTextInputFormat extends TextInputFormat {

    /** The key of the marker record. */
    public static final long UNREADABLE = -1;

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader(super.createRecordReader(split, context));
    }

    private static final class Reader extends RecordReader<LongWritable, Text> {
        private final RecordReader<LongWritable, Text> lines;
        private final LongWritable markerKey = new LongWritable(UNREADABLE);
        private final Text markerValue = new Text();
        private IOException failure;
        private boolean reported;

        Reader(RecordReader<LongWritable, Text> lines) {
            this.lines = lines;
        }

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws InterruptedException {
            try {
                lines.initialize(split, context);
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public boolean nextKeyValue() throws InterruptedException {
            if (failure == null) {
                try {
                    return lines.nextKeyValue();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (reported) {
                return false;
            }
            reported = true;
            String message = failure.getMessage();
            markerValue.set(message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
            return true;
        }

        @Override
        public LongWritable getCurrentKey() throws IOException, InterruptedException {
            return failure != null ? markerKey : lines.getCurrentKey();
        }

        @Override
        public Text getCurrentValue() throws IOException, InterruptedException {
            return failure != null ? markerValue : lines.getCurrentValue();
        }

        @Override
        public float getProgress() throws IOException, InterruptedException {
            return failure != null ? 1f : lines.getProgress();
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
