using System.Security.Cryptography;
using System.Text;

namespace Ledger.Model;

/// <summary>
/// A step's checksum (spec §1.4): SHA-256, lower-case hex, of the body with line endings normalised to \n,
/// trailing whitespace trimmed from every line, and leading and trailing blank lines dropped.
/// CRLF and LF checkouts of the same ledger give the same checksums.
/// </summary>
public static class Checksum
{
    /// <summary>The checksum of an absent block: SHA-256 of the empty string.</summary>
    public const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Normalises a body as §1.4 says.</summary>
    public static string Normalize(string body)
    {
        string[] lines = body.Split('\n');
        int first = 0, last = lines.Length - 1;
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd();
        }

        while (first <= last && lines[first].Length == 0) first++;
        while (last >= first && lines[last].Length == 0) last--;
        return first > last ? "" : string.Join('\n', lines, first, last - first + 1);
    }

    /// <summary>The checksum of a block body.</summary>
    public static string Of(string body)
    {
        string normalized = Normalize(body);
        if (normalized.Length == 0)
        {
            return Empty;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(normalized);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }
}
