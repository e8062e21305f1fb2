using CrossModal.Studies.Data;
using CrossModal.Studies.Rating;

// Usage: RaterLoad <sqlite-file> <token>...
// Each token rates its sets in order, all tokens concurrently; every Saved set is printed (and flushed) as
// "ACK <token> <setId>" only after SubmitSetAsync returned, i.e. after the commit.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: RaterLoad <sqlite-file> <token>...");
    return 2;
}
var db = new StudiesDb(DatabaseProvider.Sqlite, $"Data Source={args[0]}");
var ratings = new RatingService(db);
var output = Console.Out;
var gate = new object();
Console.WriteLine("READY");
await Task.WhenAll(args.Skip(1).Select(token => Task.Run(async () =>
{
    var rng = new Random(token.GetHashCode());
    while (await ratings.GetStateAsync(token) is { Next: { } set })
    {
        var scores = set.Images.ToDictionary(i => i, _ => rng.Next(4));
        var outcome = await ratings.SubmitSetAsync(token, set.SetId, scores);
        if (outcome == SubmitOutcome.Saved)
            lock (gate) { output.WriteLine($"ACK {token} {set.SetId}"); output.Flush(); }
    }
})));
Console.WriteLine("DONE");
return 0;
