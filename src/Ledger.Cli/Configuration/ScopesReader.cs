using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ledger.Scoping;

namespace Ledger.Cli.Configuration;

/// <summary>
/// Reads the <c>scopes</c> object of <c>ledger.json</c> in the order it is written (the order scopes are applied), with
/// the line of every scope and setting, so that a problem found later names its line. A JSON object's order is not kept
/// by a dictionary, so the text is read again here, token by token; the serializer has already checked that it is JSON.
/// </summary>
public static class ScopesReader
{
    /// <summary>
    /// The settings a scope may have, as ledger.json spells them. <see cref="ConfigProblems"/> reports a key that is not
    /// one of them (with every other unknown setting of the file) before the scopes are read here.
    /// </summary>
    public static IReadOnlyList<string> Settings { get; } = ["engine", "database", "schema", "from", "query", "glob", "createMissing", "allowSymlinksOutside"];

    /// <summary>The declared scopes (as written: locations not yet made absolute), and the line of each key (<c>scopes.user.database</c> → 7).</summary>
    /// <param name="text">The whole file.</param>
    /// <param name="shown">The file as messages name it.</param>
    /// <exception cref="CliException">A scope or setting is not of the right kind (exit 2, with its line).</exception>
    public static (IReadOnlyList<ScopeDefinition> Scopes, IReadOnlyDictionary<string, int> Lines) Read(string text, string shown)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var scopes = new List<ScopeDefinition>();
        int Line(long at) => 1 + utf8.AsSpan(0, (int)at).Count((byte)'\n');
        CliException Error(string key, string message) => new($"{shown}:{lines[key]}: {key}: {message}");

        reader.Read(); // the top-level object (the serializer has checked it is one)
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isScopes = reader.ValueTextEquals("scopes");
            lines[reader.GetString()!] = Line(reader.TokenStartIndex);
            reader.Read();
            if (!isScopes)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("scopes", "must be an object whose keys are the scope names, in the order they are applied");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                string at = $"scopes.{name}";
                // A scope declared twice keeps the line of its second declaration: that is the one reported.
                lines[at] = Line(reader.TokenStartIndex);
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Error(at, "must be an object: { \"database\": … } for one database, or a set ({ \"from\", \"query\", \"database\" } or { \"glob\" })");
                }

                scopes.Add(ReadScope(ref reader, name, at, lines, Line, Error));
            }
        }

        return (scopes, lines);
    }

    private static ScopeDefinition ReadScope(ref Utf8JsonReader reader, string name, string at, Dictionary<string, int> lines, Func<long, int> line,
        Func<string, string, CliException> error)
    {
        var scope = new ScopeDefinition(name);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string setting = reader.GetString()!;
            string key = $"{at}.{setting}";
            lines[key] = line(reader.TokenStartIndex);
            reader.Read();
            if (!Settings.Contains(setting))
            {
                // ConfigProblems.Check reports every unknown setting, these with the others, before the scopes are read.
                throw new UnreachableException($"{key}: unknown scope setting; ConfigProblems.Check runs before ScopesReader.Read");
            }

            if (setting is "createMissing" or "allowSymlinksOutside")
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) throw error(key, "must be true or false");
                bool value = reader.GetBoolean();
                scope = setting == "createMissing" ? scope with { CreateMissing = value } : scope with { AllowSymlinksOutside = value };
                continue;
            }

            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } text)
            {
                throw error(key, "must be a string that is not empty");
            }

            scope = setting switch
            {
                "engine" => scope with { Engine = text },
                "database" => scope with { Database = text },
                "schema" => scope with { Schema = text },
                "from" => scope with { From = text },
                "query" => scope with { Query = text },
                _ => scope with { Glob = text },
            };
        }

        return scope;
    }
}
