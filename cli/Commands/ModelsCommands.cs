using System.CommandLine;
using CrossModal.Core.Storage;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal models ...`: look after a model store folder.</summary>
public static class ModelsCommands
{
    public static Command Build()
    {
        var models = new Command("models", "List, verify and look after a model store folder.");
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Model store folder." };

        var list = new Command("list", "Every verified model of the folder with its kind, epoch and main metrics.");
        list.Arguments.Add(dir);
        list.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var root = RequireFolder(pr.GetValue(dir)!);
            var table = new Table().AddColumns("id", "kind", "variant/instrument", "epoch", "validation accuracy", "recipe");
            foreach (var m in ModelStore.List(root))
                table.AddRow(m.Id, m.Kind, m.Variant ?? m.Instrument ?? "", m.Epoch.ToString(),
                    m.Metrics.TryGetValue("validation_accuracy", out var a) ? a.ToString("P1") : "-", Markup.Escape(m.Recipe));
            AnsiConsole.Write(table);
            return 0;
        }));

        var prune = new Command("prune", "Drop the discriminators of the folder's GANs (only needed to continue training); generators and encoders stay.");
        var pruneDir = new Argument<DirectoryInfo>("dir") { Description = "Model store folder." };
        prune.Arguments.Add(pruneDir);
        prune.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var ids = StoredModels.PruneDiscriminators(RequireFolder(pr.GetValue(pruneDir)!));
            Console.WriteLine(ids.Count == 0 ? "nothing to prune" : $"pruned: {string.Join(", ", ids)}");
            return 0;
        }));

        // The training Job's promote step runs this before the new release goes live (docs/DEPLOY.md): a model that
        // would fail the services' health check must never replace a working store.
        var verify = new Command("verify", "Check every model folder (manifest, SHA-256 of each weights file); exit code 2 and the problems when one fails.");
        var verifyDir = new Argument<DirectoryInfo>("dir") { Description = "Model store folder." };
        verify.Arguments.Add(verifyDir);
        verify.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var root = RequireFolder(pr.GetValue(verifyDir)!);
            var folders = ModelStore.ModelFolders(root);
            var problems = new List<string>();
            foreach (var folder in folders)
            {
                try { ModelStore.Verify(folder); }
                catch (ModelStoreException e) { problems.Add(e.Message); }
            }
            if (folders.Count == 0) problems.Add($"'{root}' holds no model");
            if (problems.Count > 0) throw new CrossModal.Core.InvalidInputException(string.Join("; ", problems));
            Console.WriteLine($"{folders.Count} model(s) verified in {root}");
            return 0;
        }));

        models.Subcommands.Add(list);
        models.Subcommands.Add(prune);
        models.Subcommands.Add(verify);
        return models;
    }

    static string RequireFolder(DirectoryInfo dir) =>
        dir.Exists ? dir.FullName : throw new CrossModal.Core.InvalidInputException($"model folder '{dir.FullName}' does not exist.");
}
