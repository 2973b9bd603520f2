using System.Globalization;
using Ledger.Text;

namespace Ledger.Cli.Commands;

/// <summary>
/// Reads the command line once before CommandLineParser does, knowing each verb's options from its class
/// (<see cref="VerbSyntax"/>), and turns every mistake into one line that names what the user typed (a usage error,
/// exit 2), instead of the parser's whole help text — or, worse, its silence: the parser quietly drops a value-taking
/// flag left without its value at the end of the line, so <c>apply --target $V</c> with an empty <c>V</c> would migrate
/// all the way, and it takes the next flag as the value (<c>--target --format json</c>).
/// </summary>
/// <remarks>
/// The rules: a value-taking option needs a value, given as the next argument or after <c>=</c>; a next argument that
/// starts with <c>-</c> and a letter or a second <c>-</c> is another option, not a value (a negative number is a value);
/// an empty value is no value. A switch takes no value. A verb takes no argument that is not an option or an option's
/// value. <c>-h</c> is <c>--help</c>; <c>ledger help VERB</c> is <c>ledger VERB --help</c>.
/// </remarks>
public static class UsageCheck
{
    /// <summary>The words the tool answers besides its verbs.</summary>
    private static readonly string[] BuiltIns = ["help", "version"];

    /// <summary>
    /// The arguments to give the parser (help requests rewritten to <c>VERB --help</c> or <c>--help</c>), or a
    /// <see cref="CliException"/> (exit 2) for the first mistake.
    /// </summary>
    public static string[] Check(string[] args, IReadOnlyList<VerbSyntax> verbs)
    {
        if (args.Length == 0) return args; // the parser lists the verbs ("No verb selected", exit 2)
        string first = args[0];
        if (first is "help" or "--help" or "-h")
        {
            return args.Length == 1 || BuiltIns.Contains(args[1]) ? ["--help"] : [Verb(args[1], verbs).Name, "--help"];
        }

        if (first is "version" or "--version" && args.Length > 1)
        {
            throw new CliException($"unexpected argument '{args[1]}': {first} takes none"); // alone, it was answered before
        }

        if (first.StartsWith('-')) throw NotACommand(first, verbs);
        VerbSyntax verb = Verb(first, verbs);
        return CheckVerb(verb, args, verbs);
    }

    private static string[] CheckVerb(VerbSyntax verb, string[] args, IReadOnlyList<VerbSyntax> verbs)
    {
        // Help wins over any mistake on the same line: whoever asks for it is working out what to type.
        if (args.Skip(1).Any(a => a is "--help" or "-h")) return [verb.Name, "--help"];

        var given = new HashSet<string>(StringComparer.Ordinal);
        string? lastSwitch = null;
        for (int i = 1; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--" || !IsOption(arg))
            {
                throw new CliException(lastSwitch is null
                    ? $"unexpected argument '{arg}': {verb.Name} takes options only\n{SeeHelp(verb)}"
                    : $"unexpected argument '{arg}': {lastSwitch} takes no value");
            }

            bool isLong = arg.StartsWith("--", StringComparison.Ordinal);
            string body = arg[(isLong ? 2 : 1)..];
            int equals = body.IndexOf('=');
            string name = equals < 0 ? body : body[..equals];
            string? inline = equals < 0 ? null : body[(equals + 1)..];
            OptionSyntax option = (isLong ? verb.Find(name) : null) ?? throw UnknownOption(verb, isLong ? "--" + name : arg, name, verbs);
            given.Add(option.LongName);
            lastSwitch = null;
            if (option.Value == OptionValue.None)
            {
                if (inline is not null) throw new CliException($"{option.Flag} takes no value (got '{arg}')");
                lastSwitch = option.Flag;
                continue;
            }

            string? value = inline;
            if (value is null && i + 1 < args.Length && !IsOption(args[i + 1])) value = args[++i];
            if (string.IsNullOrEmpty(value))
            {
                // The next word looks like a flag but is none of this verb's: perhaps a value that starts with '-'.
                string next = inline is null && i + 1 < args.Length ? args[i + 1] : "";
                bool flagLike = next.Length > 0 && verb.Find(next.TrimStart('-').Split('=')[0]) is null && next is not ("--help" or "-h");
                throw new CliException($"{option.Flag} needs a value: {option.Usage}" +
                                       (flagLike ? $" (a value that starts with '-' goes after '=': {option.Flag}={next})" : ""));
            }

            if (option.Value == OptionValue.WholeNumber && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw new CliException($"{option.Flag} expects a whole number, got '{value}'");
            }
        }

        if (verb.Options.FirstOrDefault(o => o.Required && !given.Contains(o.LongName)) is OptionSyntax missing)
        {
            throw new CliException($"{verb.Name} needs {missing.Usage}\n{SeeHelp(verb)}");
        }

        return args;
    }

    /// <summary>An option rather than a value: <c>-</c> then a letter (<c>-h</c>), or <c>--</c> and more; <c>-1</c> is a value.</summary>
    private static bool IsOption(string arg) =>
        arg.Length >= 2 && arg[0] == '-' && (arg[1] == '-' || !(char.IsAsciiDigit(arg[1]) || arg[1] == '.'));

    private static VerbSyntax Verb(string word, IReadOnlyList<VerbSyntax> verbs)
    {
        if (verbs.FirstOrDefault(v => v.Name == word) is VerbSyntax verb) return verb;
        string? closest = EditDistance.Closest(word, verbs.Select(v => v.Name).Concat(BuiltIns));
        throw new CliException($"unknown command '{word}'" + (closest is null ? "" : $"; did you mean '{closest}'?") +
                               "\nRun 'ledger help' to see the commands.");
    }

    /// <summary>An option before any verb: say which verbs take it, or what it may have meant.</summary>
    private static CliException NotACommand(string arg, IReadOnlyList<VerbSyntax> verbs)
    {
        string name = arg.TrimStart('-').Split('=')[0];
        string[] takers = verbs.Where(v => v.Find(name) is not null).Select(v => $"'ledger {v.Name} --{name} …'").ToArray();
        if (takers.Length > 0)
        {
            return new CliException($"--{name} comes after a command: {string.Join(", ", takers)}\nRun 'ledger help' to see the commands.");
        }

        string? closest = EditDistance.Closest(name, BuiltIns);
        return new CliException($"unknown option '{arg}'" + (closest is null ? "" : $"; did you mean '--{closest}'?") +
                                "\nRun 'ledger help' to see the commands.");
    }

    private static CliException UnknownOption(VerbSyntax verb, string shown, string name, IReadOnlyList<VerbSyntax> verbs)
    {
        string? closest = EditDistance.Closest(name, verb.Options.Select(o => o.LongName).Append("help"));
        string hint = closest is not null ? $"; did you mean '--{closest}'?"
            : verbs.Where(v => v.Find(name) is not null).Select(v => v.Name).ToArray() is { Length: > 0 } takers
                ? $" (it is an option of {string.Join(", ", takers)})"
                : "";
        return new CliException($"unknown option '{shown}' for {verb.Name}{hint}\n{SeeHelp(verb)}");
    }

    private static string SeeHelp(VerbSyntax verb) => $"Run 'ledger {verb.Name} --help' to see its options.";
}
