using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Model;

/// <summary>
/// A step's checksum: SHA-256, lower-case hex, of the body with line endings normalised to \n,
/// trailing whitespace trimmed from every line, and leading and trailing blank lines dropped.
/// CRLF and LF checkouts of the same ledger give the same checksums.
/// </summary>
public static class Checksum
{
    /// <summary>The checksum of an absent block: SHA-256 of the empty string.</summary>
    public const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Normalises a body as the checksum reads it.</summary>
    public static string Normalize(string body)
    {
        var sb = new StringBuilder(body.Length);
        ForEachNormalizedLine(body, (line, first, _) =>
        {
            if (!first) sb.Append('\n');
            sb.Append(line);
        });
        return sb.ToString();
    }

    /// <summary>
    /// The lines <see cref="Normalize"/> keeps, each with its 0-based line index in <paramref name="body"/>: what a diff
    /// of two bodies compares, so that it finds a change exactly where the checksums see one.
    /// </summary>
    internal static List<(int Index, string Text)> NormalizedLines(string body)
    {
        var lines = new List<(int Index, string Text)>();
        ForEachNormalizedLine(body, (line, _, index) => lines.Add((index, line.ToString())));
        return lines;
    }

    /// <summary>
    /// The checksum of a block body. The normalised lines are encoded into one pooled buffer and hashed in one call
    /// (one call into the crypto library per block, not per line).
    /// </summary>
    public static string Of(string body) => Of(body.AsSpan());

    /// <inheritdoc cref="Of(string)"/>
    public static string Of(ReadOnlySpan<char> body)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(body.Length) + 1);
        try
        {
            int length = 0;
            bool any = false;
            ForEachNormalizedLine(body, (line, first, _) =>
            {
                any = true;
                if (!first) buffer[length++] = (byte)'\n';
                length += Encoding.UTF8.GetBytes(line, buffer.AsSpan(length));
            });
            if (!any)
            {
                return Empty;
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void LineAction(ReadOnlySpan<char> line, bool first, int index);

    /// <summary>
    /// Calls <paramref name="action"/> for each line of the normalised body: split at \n (a \r before it is trailing
    /// whitespace, so CRLF normalises too), trailing whitespace trimmed, leading and trailing blank lines dropped; with
    /// whether it is the first, and its 0-based line index in the body.
    /// </summary>
    private static void ForEachNormalizedLine(ReadOnlySpan<char> body, LineAction action)
    {
        ReadOnlySpan<char> rest = body;
        bool started = false;
        int pendingBlanks = 0, index = 0;
        while (true)
        {
            int nl = rest.IndexOf('\n');
            ReadOnlySpan<char> line = (nl < 0 ? rest : rest[..nl]).TrimEnd();
            if (line.IsEmpty)
            {
                if (started) pendingBlanks++;
            }
            else
            {
                for (; pendingBlanks > 0; pendingBlanks--) action([], false, index - pendingBlanks);
                action(line, !started, index);
                started = true;
            }

            if (nl < 0) break;
            rest = rest[(nl + 1)..];
            index++;
        }
    }
}
