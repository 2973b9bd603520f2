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
/// (its generated metadata, less the state kept at run time), so a setting added to <see cref="LedgerConfig"/> is known
/// here too; a scope's settings are the ones <see cref="ScopesReader"/> reads, so this is the one place that reports
/// an unknown key, wherever it is.
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
        // What the keys of each open object are (null: free keys whose values are not looked into, such as lint.severity's
        // rule codes), and its path; next is what the object about to open will be.
        var objects = new Stack<(Keys? Keys, string Path)>();
        (Keys? Keys, string Path) next = (Keys.Of(ConfigJson.Default.LedgerConfig), "");
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
                    case JsonTokenType.StartArray:
                        // An object inside an array is not the value the key before it describes.
                        next = (null, "");
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName when objects.Count > 0 && objects.Peek().Keys is Keys keys:
                        string name = reader.GetString()!;
                        string parent = objects.Peek().Path;
                        string path = parent.Length == 0 ? name : $"{parent}.{name}";
                        if (keys.Names is { } names && !names.Contains(name, StringComparer.Ordinal))
                        {
                            unknown.Add($"{shown}:{Line(reader.TokenStartIndex)}: unknown setting '{path}'" + Suggestion(name, names, parent));
                            next = (null, path);
                        }
                        else
                        {
                            next = (keys.Value(name), path);
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

    /// <summary>
    /// The keys an object of ledger.json may have: <see cref="Names"/> (null when any key is allowed, as for the scope
    /// names under <c>scopes</c>), and what the value of a key may have in turn (null when it is not looked into).
    /// </summary>
    private sealed record Keys(IReadOnlyList<string>? Names, Func<string, Keys?> Value)
    {
        /// <summary>A scope's settings (<c>scopes.system.database</c>): the ones <see cref="ScopesReader"/> reads.</summary>
        private static readonly Keys Scope = new(ScopesReader.Settings, _ => null);

        /// <summary><c>scopes</c>: any scope name, each an object of a scope's settings.</summary>
        private static readonly Keys Scopes = new(null, _ => Scope);

        /// <summary>
        /// The settings of a settings record, from the serializer's generated metadata: the properties it reads. The
        /// scopes are kept as written (a JSON element, read in order by <see cref="ScopesReader"/>), so their keys come
        /// from there.
        /// </summary>
        public static Keys Of(JsonTypeInfo type)
        {
            JsonPropertyInfo[] settings = type.Properties.Where(IsSetting).ToArray();
            return new Keys(settings.Select(p => p.Name).ToArray(), name =>
                type.Type == typeof(LedgerConfig) && name == "scopes" ? Scopes
                : ConfigJson.Default.GetTypeInfo(settings.First(p => p.Name == name).PropertyType) is { Kind: JsonTypeInfoKind.Object, Properties.Count: > 0 } inner
                    ? Of(inner)
                    : null);
        }

        /// <summary>
        /// Whether a file may write this property. A [JsonIgnore] one (state kept at run time, such as the file's own
        /// path, or the lines of the scopes) is in the metadata too, and the serializer skips it without a word when a
        /// file names it; the generated metadata gives such a property neither getter nor setter, and every setting has
        /// a setter (the generator cannot set init-only properties), so the setter tells them apart.
        /// </summary>
        private static bool IsSetting(JsonPropertyInfo property) => property.Set is not null;
    }

    /// <summary>"; did you mean 'system'?" for a setting one or two edits from a known one of the same object.</summary>
    private static string Suggestion(string name, IReadOnlyList<string> known, string parent)
    {
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
