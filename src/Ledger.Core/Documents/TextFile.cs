using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Documents;

/// <summary>
/// Reads a text file the way <see cref="LedgerDocumentReader.ReadText"/> promises: UTF-8 with or without BOM, or
/// UTF-16/32 with its BOM; invalid UTF-8 becomes U+FFFD, as <see cref="Encoding.UTF8"/> decodes it.
/// A UTF-8 file is decoded straight into the string, 64 KiB at a time: once to count its characters, once to fill
/// the string. Reading it whole first took a byte array as large as the file (8 MB for a 10,000-version ledger), all
/// of it fresh memory the process had to fault in; reading a file twice from the page cache costs far less.
/// A file found changed between the two passes (its first bytes, its length or its number of characters) is read
/// again, whole. A rewrite in place during the second pass that keeps all three can give a text of old and new pieces,
/// as any read of a file being rewritten in place can; a file replaced by a new one (as git and most editors save)
/// is read whole from the one that was opened.
/// </summary>
internal static class TextFile
{
    private const int ChunkSize = 64 * 1024;

    public static string Read(string path) => Read(path, betweenPasses: null, out _);

    /// <summary>
    /// <see cref="Read(string)"/>, calling <paramref name="betweenPasses"/> after counting (tests change the file
    /// there); <paramref name="inTwoPasses"/> tells whether the text came from the two passes or from one whole read.
    /// </summary>
    internal static string Read(string path, Action? betweenPasses, out bool inTwoPasses)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        // A pipe, an empty file (or one that says so, like those of /proc) or a file too large is read in one go from
        // the stream and decoded, as File.ReadAllText would; so is a UTF-16/32 file and one that changed.
        string? text = stream.CanSeek && stream.Length is > 0 and <= int.MaxValue ? ReadInTwoPasses(stream, betweenPasses) : null;
        inTwoPasses = text is not null;
        return text ?? ReadWhole(stream);
    }

    /// <summary>The text of a UTF-8 file, or null when it is not one or changed between the passes.</summary>
    private static string? ReadInTwoPasses(FileStream stream, Action? betweenPasses)
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        char[] scratch = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(ChunkSize));
        try
        {
            // Offset reads (pread) leave the stream where it is, at the start, for ReadWhole.
            SafeFileHandle file = stream.SafeFileHandle;
            long length = stream.Length;
            byte[] head = chunk.AsSpan(0, Fill(file, chunk.AsSpan(0, 4), 0)).ToArray();
            if (IsUtf16Or32(head))
            {
                return null;
            }

            long start = ByteOrderMark.StartsUtf8(head) ? ByteOrderMark.Utf8.Length : 0;

            // Pass 1: how many characters the bytes decode to.
            Decoder counter = Encoding.UTF8.GetDecoder();
            int count = 0;
            var chunks = new Chunks(file, chunk, start);
            ReadOnlySpan<byte> bytes;
            do
            {
                bytes = chunks.Next();
                count += counter.GetChars(bytes, scratch, flush: bytes.IsEmpty);
            }
            while (!bytes.IsEmpty);

            long offset = chunks.Offset;

            // Pass 2: decode into the string, unless the file changed in between (another length, first bytes, or
            // number of characters).
            betweenPasses?.Invoke();
            if (count == 0) return offset == length ? "" : null;
            var fill = new FillState(file, chunk, head, start, offset);
            string text = string.Create(count, fill, static (chars, state) => state.Decode(chars));
            return fill.Matched && offset == length ? text : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private sealed class FillState(SafeFileHandle file, byte[] chunk, byte[] head, long start, long end)
    {
        public bool Matched { get; private set; }

        public void Decode(Span<char> chars)
        {
            // The first bytes chose the encoding and whether a BOM is skipped: a file rewritten since (same length,
            // another mark) is read again, whole.
            if (!chunk.AsSpan(0, Fill(file, chunk.AsSpan(0, head.Length), 0)).SequenceEqual(head)) return;

            Decoder decoder = Encoding.UTF8.GetDecoder();
            int written = 0;
            var chunks = new Chunks(file, chunk, start);
            ReadOnlySpan<byte> bytes;
            do
            {
                bytes = chunks.Next();
                int used;
                try
                {
                    decoder.Convert(bytes, chars[written..], flush: bytes.IsEmpty, out used, out int decoded, out _);
                    written += decoded;
                }
                catch (ArgumentException)
                {
                    return; // no room for even one more character: the file changed
                }

                if (used < bytes.Length) return; // more characters than counted: the file changed
            }
            while (!bytes.IsEmpty);

            Matched = written == chars.Length && chunks.Offset == end;
        }
    }

    /// <summary>The file from an offset on, one chunk at a time; an empty chunk is its end.</summary>
    private struct Chunks(SafeFileHandle file, byte[] chunk, long offset)
    {
        /// <summary>Where the next chunk starts; after the last, the end of the file.</summary>
        public long Offset { get; private set; } = offset;

        public ReadOnlySpan<byte> Next()
        {
            int read = Fill(file, chunk.AsSpan(0, ChunkSize), Offset);
            Offset += read;
            return chunk.AsSpan(0, read);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the file ends; the number of bytes read.</summary>
    private static int Fill(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(file, buffer[total..], offset + total);
            if (read == 0) break;
            total += read;
        }

        return total;
    }

    private static bool IsUtf16Or32(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ||
        head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    /// <summary>The rest of the stream (all of it: nothing moved it), decoded as its BOM says (UTF-8 without one).</summary>
    private static string ReadWhole(FileStream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        byte[] bytes = copy.ToArray();
        ReadOnlySpan<byte> span = bytes;
        if (IsUtf16Or32(span))
        {
            // The reader File.ReadAllText uses detects the BOM, from the bytes already read.
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(ByteOrderMark.StartsUtf8(span) ? span[ByteOrderMark.Utf8.Length..] : span);
    }
}
