namespace Ledger.Documents;

/// <summary>
/// The UTF-8 byte order mark, the one place Ledger recognises it: a ledger may start with one (editors on Windows write
/// it), it is never part of the text, and a file that had one keeps it when Ledger rewrites it.
/// </summary>
public static class ByteOrderMark
{
    /// <summary>The mark as UTF-8 bytes: EF BB BF.</summary>
    public static ReadOnlySpan<byte> Utf8 => "\uFEFF"u8;

    /// <summary>The mark as a decoded character, U+FEFF.</summary>
    public const char Character = '\uFEFF';

    /// <summary>True when the bytes start with the UTF-8 mark.</summary>
    public static bool StartsUtf8(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Utf8);

    /// <summary>The text without a leading mark (a text decoded without stripping it, such as a caller's string).</summary>
    public static string Strip(string text) => text.Length > 0 && text[0] == Character ? text[1..] : text;

    /// <summary>True when the file starts with the UTF-8 mark (reads its first three bytes only).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static bool FileStartsUtf8(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        Span<byte> head = stackalloc byte[3];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return StartsUtf8(head[..read]);
    }
}
