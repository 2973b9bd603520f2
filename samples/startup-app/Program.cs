using StartupApp;

// dotnet run --project samples/startup-app -- [DATA_DIR] [USER] [NOTE]
// Start-up migrates DATA_DIR/system.db; the first note of a user creates and migrates that user's database. DATA_DIR
// defaults to the sample's own folder (samples/startup-app/data, from the repository root): the top-level demo's
// data/ belongs to another ledger.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

string dataDirectory = args.Length > 0 ? args[0] : Path.Combine("samples", "startup-app", "data");
string user = args.Length > 1 ? args[1] : "alice";
string note = args.Length > 2 ? args[2] : $"hello at {DateTime.UtcNow:O}";

NotesService notes;
try
{
    notes = await NotesService.StartAsync(dataDirectory, new ConsoleLogger(), cancel.Token);
}
catch (StartupException refused)
{
    // The databases cannot be used (a failed step, databases ahead of this app's ledger…): say why, in one message
    // that names the database and what to do, and stop. Nothing was left half-done.
    Console.Error.WriteLine($"startup-app: cannot start: {refused.Message}");
    return 1;
}

try
{
    await notes.AddNoteAsync(user, note, cancel.Token);
    foreach (string body in await notes.NotesAsync(user, cancel.Token))
    {
        Console.WriteLine($"{user}: {body}");
    }
}
catch (StartupException refused)
{
    // This user's database cannot be used; other users' requests would go on.
    Console.Error.WriteLine($"startup-app: {refused.Message}");
    return 1;
}

return 0;
