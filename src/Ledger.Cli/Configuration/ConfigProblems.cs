using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ledger.Text;

namespace Ledger.Cli.Configuration;

/// <summary>
/// Reads <c>ledger.json</c> token by token before the serializer does, so that its mistakes are reported as a person
/// would look for them: a syntax error at the line where the mistake is (a missing comma belongs to the value before it,
/// not to the start of the next line, where the reader notices it), and every unknown setting at once, each at its line
/// with "did you mean". The serializer stops at the first unknown setting. The settings known are the serializer's own
/// (its generated metadata), so a setting added to <see cref="LedgerConfig"/> is known here too.
/// </summary>
public static class ConfigProblems
{
    /// <summary>Throws a <see cref="CliException"/> (exit 2) naming the file and line when the text is not JSON or has unknown settings.</summary>
    public static void Check(string text, string shown)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int Line(long at) => 1 + utf8.AsSpan(0, (int)Math.Min(at, utf8.Length)).Count((byte)'\n');
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var unknown = new List<string>();
        // The object each open brace belongs to: its settings when known, null for one whose keys are free (scopes, lint.severity).
        var objects = new Stack<(JsonTypeInfo? Type, string Path)>();
        (JsonTypeInfo? Type, string Path) next = (ConfigJson.Default.LedgerConfig, "");
        long lastEnd = 0; // where the last complete token ended: a missing comma is reported there
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(next);
                        next = (null, "");
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName when objects.Count > 0 && objects.Peek().Type is JsonTypeInfo owner:
                        string name = reader.GetString()!;
                        string path = objects.Peek().Path.Length == 0 ? name : $"{objects.Peek().Path}.{name}";
                        JsonPropertyInfo? property = owner.Properties.FirstOrDefault(p => p.Name == name);
                        if (property is null)
                        {
                            unknown.Add($"{shown}:{Line(reader.TokenStartIndex)}: unknown setting '{path}'" + Suggestion(name, owner, objects.Peek().Path));
                            next = (null, path);
                        }
                        else
                        {
                            JsonTypeInfo? type = ConfigJson.Default.GetTypeInfo(property.PropertyType);
                            next = (type is { Kind: JsonTypeInfoKind.Object, Properties.Count: > 0 } ? type : null, path);
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        next = (null, "");
                        break;
                }

                lastEnd = reader.BytesConsumed;
            }
        }
        catch (JsonException e)
        {
            throw new CliException(SyntaxError(e, shown, utf8, lastEnd, Line), ExitCodes.Usage, e);
        }

        if (unknown.Count > 0)
        {
            throw new CliException(string.Join(Environment.NewLine, unknown) +
                                   (unknown.Count > 1 ? $"{Environment.NewLine}{unknown.Count} unknown settings; see the settings of ledger.json in docs/configuration.md" : ""));
        }
    }

    /// <summary>"; did you mean 'system'?" for a setting one or two edits from a known one of the same object.</summary>
    private static string Suggestion(string name, JsonTypeInfo owner, string parent)
    {
        string[] known = owner.Properties.Select(p => p.Name).ToArray();
        string? close = EditDistance.Closest(name, known);
        return close is null
            ? $"; the settings{(parent.Length == 0 ? "" : $" of '{parent}'")} are {string.Join(", ", known)}"
            : $"; did you mean '{(parent.Length == 0 ? close : $"{parent}.{close}")}'?";
    }

    /// <summary>
    /// The reader's error at the line of the mistake. A value followed by something other than a comma or the end of
    /// its object is noticed at the next token, usually the next line; the comma is missing after the value before it.
    /// </summary>
    private static string SyntaxError(JsonException e, string shown, byte[] utf8, long lastEnd, Func<long, int> line)
    {
        string message = e.Message;
        int tail = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (tail >= 0) message = message[..tail];
        if (message.Contains("after a value", StringComparison.Ordinal) && lastEnd > 0)
        {
            int at = line(lastEnd);
            string nextLine = e.LineNumber is long l && l + 1 != at ? $" (the next one starts on line {l + 1})" : "";
            return $"{shown}:{at}: invalid JSON: a ',' is missing after the value that ends this line{nextLine}";
        }

        return e.LineNumber is long n
            ? $"{shown}:{n + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {message.TrimEnd('.')}"
            : $"{shown}: invalid JSON: {message.TrimEnd('.')}";
    }
}
