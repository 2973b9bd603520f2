using System.Diagnostics.CodeAnalysis;
using CommandLine;
using CommandLine.Text;
using Ledger.Cli.Options;

namespace Ledger.Cli.Commands;

/// <summary>
/// The verbs the tool knows: each is an options class (with <c>[Verb]</c>) and a command. Adding a verb is one
/// <see cref="Add{TOptions, TCommand}"/> line in Program.cs.
/// </summary>
public sealed class VerbTable
{
    /// <summary>
    /// What CommandLineParser reads of an options class by reflection: its public properties (inherited ones too) with
    /// their <c>[Option]</c> attributes, which it reads and sets, and its public constructors, which make the instance.
    /// Trimming (the native build) keeps exactly what the annotation names on every type given to
    /// <see cref="Add{TOptions, TCommand}"/>; a CLI test checks that every verb's help still lists every option.
    /// </summary>
    internal const DynamicallyAccessedMemberTypes OptionMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors;

    // Keyed by options class; each key came through Add, whose annotation kept the members the parser reflects on.
    private readonly Dictionary<Type, Func<object, CommandContext, Task<int>>> _verbs = [];

    // The same verbs in the order they were added, with what their command lines may hold (for UsageCheck).
    private readonly List<VerbSyntax> _syntax = [];

    /// <summary>Registers a verb.</summary>
    public VerbTable Add<[DynamicallyAccessedMembers(OptionMembers)] TOptions, TCommand>()
        where TOptions : CommonOptions
        where TCommand : ICommand<TOptions>, new()
    {
        _verbs.Add(typeof(TOptions), (options, context) => new TCommand().RunAsync((TOptions)options, context));
        _syntax.Add(new VerbSyntax(typeof(TOptions)));
        return this;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the chosen verb; help is printed here. A usage mistake is a
    /// <see cref="CliException"/> (exit 2) from <see cref="UsageCheck"/>, one line naming what was typed.
    /// </summary>
    public Task<int> RunAsync(string[] args, CommandContext context)
    {
        if (args is ["--version"] or ["version"])
        {
            context.Out.WriteLine($"ledger {LedgerTool.Version}");
            return Task.FromResult(ExitCodes.Ok);
        }

        args = UsageCheck.Check(args, _syntax);

        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null; // written below: help to stdout, usage errors to stderr
            settings.CaseInsensitiveEnumValues = true;
            // Off: 'ledger baseline --version V' needs --version as its own option (README.md);
            // 'ledger --version' is answered above, before parsing.
            settings.AutoVersion = false;
            // On: --scope is repeatable (--scope system --scope user).
            settings.AllowMultiInstance = true;
        });
        // CommandLineParser builds a specification of every type it is given, by reflection: for a named verb, give it
        // only that verb's options (a third of the start-up time of a no-op 'apply'); help and mistakes get them all.
        Type[] candidates = args.Length > 0 && _syntax.FirstOrDefault(v => v.Name == args[0]) is VerbSyntax named
            ? [named.OptionsType]
            : _verbs.Keys.ToArray();
        ParserResult<object> result = parser.ParseArguments(args, candidates);
        if (result is Parsed<object> parsed)
        {
            return _verbs[parsed.Value.GetType()](parsed.Value, context);
        }

        IEnumerable<Error> errors = ((NotParsed<object>)result).Errors.ToList();
        bool help = errors.IsHelp();
        if (!help && !errors.Any(e => e is NoVerbSelectedError))
        {
            // UsageCheck caught the mistakes it knows; whatever the parser still refuses gets its own short line.
            Func<Error, string> describe = SentenceBuilder.Create().FormatError;
            string verb = candidates.Length == 1 ? $"ledger {args[0]} --help" : "ledger help";
            throw new CliException(string.Join("\n", errors.Select(describe)) + $"\nRun '{verb}' to see the options.");
        }

        HelpText text = HelpText.AutoBuild(result, h =>
        {
            h.Heading = $"ledger {LedgerTool.Version}";
            h.Copyright = "";
            h.AddDashesToOption = true;
            return HelpText.DefaultParsingErrorsHandler(result, h);
        }, e => e, verbsIndex: errors.Any(e => e is NoVerbSelectedError or BadVerbSelectedError or HelpVerbRequestedError { Matched: false }));
        (help ? context.Out : context.Error).WriteLine(text);
        return Task.FromResult(help ? ExitCodes.Ok : ExitCodes.Usage);
    }
}
