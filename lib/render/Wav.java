package render;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** 16-bit PCM WAV at 48 kHz: reading the tracks a composition names, writing the mixed timeline. */
final class Wav {
    private Wav() {}

    /** A track's samples, memory-mapped so a long music file costs no heap. */
    static final class Pcm implements Closeable {
        private final FileChannel channel;
        private final ByteBuffer data;
        private final int channels;

        private Pcm(FileChannel channel, ByteBuffer data, int channels) {
            this.channel = channel;
            this.data = data;
            this.channels = channels;
        }

        static Pcm open(Path file) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                MappedByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                all.order(ByteOrder.LITTLE_ENDIAN);
                if (all.remaining() < 12 || all.getInt(0) != 0x46464952 || all.getInt(8) != 0x45564157) {
                    throw new IllegalArgumentException("not a RIFF/WAVE file");
                }
                int pos = 12;
                int channels = -1;
                while (pos + 8 <= all.limit()) {
                    int id = all.getInt(pos);
                    long size = Integer.toUnsignedLong(all.getInt(pos + 4));
                    int body = pos + 8;
                    if (id == 0x20746d66) { // "fmt "
                        int format = all.getShort(body) & 0xffff;
                        channels = all.getShort(body + 2);
                        int rate = all.getInt(body + 4);
                        int bits = all.getShort(body + 14);
                        if ((format != 1 && format != 0xfffe) || bits != 16 || rate != Composition.SAMPLE_RATE
                                || (channels != 1 && channels != 2)) {
                            throw new IllegalArgumentException("must be 16-bit PCM, 48000 Hz, mono or stereo (got format "
                                    + format + ", " + bits + "-bit, " + rate + " Hz, " + channels + " channels)");
                        }
                    } else if (id == 0x61746164) { // "data"
                        if (channels < 0) {
                            throw new IllegalArgumentException("data chunk before fmt chunk");
                        }
                        long end = Math.min(all.limit(), body + size);
                        ByteBuffer data = all.slice(body, (int) (end - body)).order(ByteOrder.LITTLE_ENDIAN);
                        return new Pcm(ch, data, channels);
                    }
                    pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
                }
                throw new IllegalArgumentException("no data chunk");
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        long frames() {
            return data.limit() / (2L * channels);
        }

        /** Sample {@code frame} of channel {@code c} (0 left, 1 right) in [-1, 1); mono feeds both. */
        double sample(long frame, int c) {
            int index = (int) (frame * channels + (channels == 2 ? c : 0));
            return data.getShort(index * 2) / 32768.0;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Writes interleaved stereo 16-bit samples whose count is known up front. */
    static final class StereoWriter implements Closeable {
        private final OutputStream out;
        private final byte[] block = new byte[4096 * 4];
        private int used;

        StereoWriter(Path file, long frames) throws IOException {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            long dataBytes = frames * 4;
            if (dataBytes + 36 > 0xffffffffL) {
                throw new IOException("audio too long for a WAV file: " + frames + " samples");
            }
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
            h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2)
                    .putInt(Composition.SAMPLE_RATE).putInt(Composition.SAMPLE_RATE * 4).putShort((short) 4).putShort((short) 16);
            h.putInt(0x61746164).putInt((int) dataBytes);
            out.write(h.array());
        }

        void write(short left, short right) throws IOException {
            if (used == block.length) {
                out.write(block, 0, used);
                used = 0;
            }
            block[used++] = (byte) left;
            block[used++] = (byte) (left >> 8);
            block[used++] = (byte) right;
            block[used++] = (byte) (right >> 8);
        }

        @Override
        public void close() throws IOException {
            out.write(block, 0, used);
            out.close();
        }
    }
}
