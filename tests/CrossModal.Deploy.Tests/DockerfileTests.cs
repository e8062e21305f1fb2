using System.Text.RegularExpressions;
using System.Xml.Linq;
using CrossModal.Deploy.Tests.Architecture;

namespace CrossModal.Deploy.Tests;

/// <summary>The four images' Dockerfiles, read as text (Docker cannot run on the development machine).</summary>
public sealed class DockerfileTests
{
    public sealed record Image(string Dockerfile, string Project, int Port);

    static readonly Image[] Images =
    [
        new("services/encoder/Dockerfile", "services/encoder/CrossModal.EncoderService.csproj", Ports.Grpc("encoder")),
        new("services/generator/Dockerfile", "services/generator/CrossModal.GeneratorService.csproj", Ports.Grpc("generator")),
        new("services/evaluator/Dockerfile", "services/evaluator/CrossModal.EvaluatorService.csproj", Ports.Grpc("evaluator")),
        new("web/CrossModal.Web/Dockerfile", "web/CrossModal.Web/CrossModal.Web.csproj", Ports.Web),
    ];

    /// <summary>The command line's image, for the training Job (k8s/jobs/train): no port, the .NET runtime without ASP.NET Core.</summary>
    static readonly Image Cli = new("cli/Dockerfile", "cli/CrossModal.Cli.csproj", Port: 0);

    public static TheoryData<string> Dockerfiles => new(Images.Select(i => i.Dockerfile));
    public static TheoryData<string> AllDockerfiles => new(Images.Append(Cli).Select(i => i.Dockerfile));
    public static TheoryData<string> ServiceDockerfiles => new(Images.Select(i => i.Dockerfile).Where(d => d.StartsWith("services/", StringComparison.Ordinal)));

    static Image Of(string dockerfile) => Images.Append(Cli).Single(i => i.Dockerfile == dockerfile);

    [Theory, MemberData(nameof(Dockerfiles))]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime(string path)
    {
        var file = new Dockerfile(path);
        Assert.True(file.Stages.Count >= 2, $"{path} is not multi-stage");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", file.Stages[0].BaseImage);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", file.Final.BaseImage);
        // The runtime stage takes the published app from the build stage, not the sources.
        Assert.Contains(file.Final.All("COPY"), c => c.StartsWith($"--from={file.Stages[0].Name} ", StringComparison.Ordinal));
        Assert.Contains(file.Stages[0].All("RUN"), r => r.Contains("dotnet publish " + Of(path).Project));
    }

    [Theory, MemberData(nameof(AllDockerfiles))]
    public void Runs_as_a_non_root_user(string path)
    {
        var file = new Dockerfile(path);
        var user = Assert.Single(file.Final.All("USER")).Split(':')[0];
        // APP_UID is defined by the .NET base images as their non-root "app" user (1654), which the manifests'
        // runAsUser repeats; any other user must be a non-zero uid or a name other than root.
        if (user == "$APP_UID") Assert.StartsWith("mcr.microsoft.com/dotnet/", file.Final.BaseImage);
        else Assert.True(user is not ("root" or "0" or "") && !(int.TryParse(user, out var uid) && uid == 0), $"{path} runs as '{user}'");
    }

    /// <summary>The torch services run with two malloc arenas, as the AppHost starts them (docs/PERFORMANCE.md: RSS growth).</summary>
    [Theory, MemberData(nameof(ServiceDockerfiles))]
    public void Torch_services_hold_malloc_to_two_arenas(string path) =>
        Assert.Contains(new Dockerfile(path).Final.All("ENV"), e => e.Contains("MALLOC_ARENA_MAX=2"));

    /// <summary>...and with malloc's mmaps on huge pages, as the AppHost and the CLI's training commands run (docs/PERFORMANCE.md: the batch-64 cliff).</summary>
    [Theory, MemberData(nameof(ServiceDockerfiles))]
    public void Torch_services_map_large_allocations_on_huge_pages(string path) =>
        Assert.Contains(new Dockerfile(path).Final.All("ENV"), e => e.Contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1"));

    [Theory, MemberData(nameof(Dockerfiles))]
    public void Exposes_the_port_its_configuration_listens_on(string path)
    {
        var file = new Dockerfile(path);
        var exposed = file.Final.All("EXPOSE").SelectMany(e => e.Split(' ')).Select(p => int.Parse(p.Split('/')[0])).ToList();
        Assert.Equal([Of(path).Port], exposed);
        if (path.StartsWith("services/", StringComparison.Ordinal))
            // Loopback in appsettings.json (tested below), every interface in the container, on the same port.
            Assert.Contains(file.Final.All("ENV"), e => e.Contains($"Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:{Of(path).Port}"));
        if (path.StartsWith("web/", StringComparison.Ordinal))
        {
            // The image pins the Kestrel endpoint to that port; the app's own appsettings.json agrees where it sets one.
            Assert.Contains(file.Final.All("ENV"), e => e.Contains($"Kestrel__Endpoints__Http__Url=http://0.0.0.0:{Ports.Web}"));
            if (Ports.WebConfigured is { } configured) Assert.Equal(Ports.Web, configured);
        }
    }

    /// <summary>A service started by hand (`dotnet run`, the CLI's demo) listens on loopback only, until configured otherwise.</summary>
    [Theory]
    [InlineData("encoder")]
    [InlineData("generator")]
    [InlineData("evaluator")]
    public void Standalone_services_bind_loopback_unless_configured(string service)
    {
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.Path("services", service, "appsettings.json")))!;
        var url = new Uri(settings["Kestrel"]!["Endpoints"]!["Grpc"]!["Url"]!.GetValue<string>());
        Assert.True(System.Net.IPAddress.TryParse(url.Host, out var address) && System.Net.IPAddress.IsLoopback(address), $"{service} binds {url.Host}");
    }

    [Theory, MemberData(nameof(Dockerfiles))]
    public void Declares_no_docker_healthcheck_by_design_and_starts_the_projects_assembly(string path)
    {
        var file = new Dockerfile(path);
        // Kubernetes probes natively (gRPC, /healthz); the runtime image has no client to probe with.
        Assert.Equal("NONE", Assert.Single(file.Final.All("HEALTHCHECK")));
        var project = Repo.Path(Of(path).Project.Split('/'));
        var assembly = File.Exists(project)
            ? XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(project)
            : Path.GetFileNameWithoutExtension(project);
        Assert.Equal($"[\"dotnet\", \"{assembly}.dll\"]", Assert.Single(file.Final.All("ENTRYPOINT")));
    }

    [Fact]
    public void The_generator_image_selects_the_torch_backend_with_a_build_argument_defaulting_to_cpu()
    {
        var file = new Dockerfile("services/generator/Dockerfile");
        Assert.Contains("TORCH_BACKEND=cpu", file.Global.Where(i => i.Keyword == "ARG").Select(i => i.Arguments));
        var build = file.Stages[0];
        Assert.Contains("TORCH_BACKEND", build.All("ARG"));
        var runs = build.All("RUN").ToList();
        Assert.Contains(runs, r => r.Contains("dotnet restore") && r.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
        Assert.Contains(runs, r => r.Contains("dotnet publish") && r.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
        // The other images have no such switch: they always run the CPU build.
        foreach (var other in Images.Where(i => !i.Dockerfile.Contains("generator")))
            Assert.DoesNotContain("TorchBackend", File.ReadAllText(Repo.Path(other.Dockerfile.Split('/'))));
    }

    [Theory, MemberData(nameof(AllDockerfiles))]
    public void Copies_only_paths_that_exist_and_that_dockerignore_lets_into_the_context(string path)
    {
        var file = new Dockerfile(path);
        var ignore = DockerIgnore.Load();
        foreach (var copy in file.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.StartsWith("--from=", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ').Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in parts.Take(parts.Count - 1))
            {
                if (source == ".") continue;
                var full = Repo.Path(source.TrimEnd('/').Split('/'));
                Assert.True(File.Exists(full) || Directory.Exists(full), $"{path}: COPY source '{source}' does not exist");
                Assert.False(ignore.Excludes(source.TrimEnd('/')), $"{path}: COPY source '{source}' is excluded by .dockerignore");
            }
        }
    }

    [Theory, MemberData(nameof(AllDockerfiles))]
    public void Copies_every_project_its_project_references(string path)
    {
        // A project a service gains a reference to (core -> domain) must be copied too, or the image fails to restore.
        var file = new Dockerfile(path);
        var sources = file.Stages[0].All("COPY").Where(c => !c.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ').SkipLast(1)).Select(s => s == "." ? "" : s.TrimEnd('/')).ToList();
        foreach (var project in ProjectGraph.References(Of(path).Project))
        {
            var folder = System.IO.Path.GetDirectoryName(project)!.Replace('\\', '/');
            Assert.True(sources.Any(s => s == "" || folder == s || folder.StartsWith(s + "/", StringComparison.Ordinal)),
                $"{path} does not copy {folder}/, which {Of(path).Project} references (through {project})");
        }
    }

    [Fact]
    public void The_cli_image_publishes_the_command_line_with_the_torch_backend_it_is_built_for_and_carries_the_recipes()
    {
        var file = new Dockerfile(Cli.Dockerfile);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", file.Stages[0].BaseImage);
        // A console app: the runtime image is enough, and smaller than ASP.NET Core's.
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", file.Final.BaseImage);
        Assert.Contains(file.Final.All("COPY"), c => c.StartsWith($"--from={file.Stages[0].Name} ", StringComparison.Ordinal));
        Assert.Contains("TORCH_BACKEND=cpu", file.Global.Where(i => i.Keyword == "ARG").Select(i => i.Arguments));
        var runs = file.Stages[0].All("RUN").ToList();
        Assert.Contains(runs, r => r.Contains("dotnet restore " + Cli.Project) && r.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
        Assert.Contains(runs, r => r.Contains("dotnet publish " + Cli.Project) && r.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
        Assert.Equal("[\"dotnet\", \"crossmodal.dll\"]", Assert.Single(file.Final.All("ENTRYPOINT")));
        Assert.Empty(file.Final.All("EXPOSE"));
        Assert.Equal("NONE", Assert.Single(file.Final.All("HEALTHCHECK")));
        // The training Job names its recipe by this path (k8s/jobs/train); the heavy commands' allocator settings are set
        // so that the CLI does not need to restart itself for them.
        Assert.Contains("models/recipes/ /opt/crossmodal/recipes/", file.Final.All("COPY"));
        Assert.Contains(file.Final.All("ENV"), e => e.Contains("MALLOC_ARENA_MAX=2") && e.Contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1"));
    }

    [Fact]
    public void Dockerignore_keeps_build_outputs_and_data_out_and_the_starter_models_in()
    {
        var ignore = DockerIgnore.Load();
        Assert.True(ignore.Excludes("core/bin"));
        Assert.True(ignore.Excludes("services/generator/obj"));
        Assert.True(ignore.Excludes("data"));
        Assert.True(ignore.Excludes("models/mine"));
        Assert.False(ignore.Excludes("models/recipes/starter.json"));   // the CLI image carries the recipes
        Assert.True(ignore.Excludes(".git"));
        Assert.False(ignore.Excludes("models/starter"));
        Assert.False(ignore.Excludes("models/starter/s2i-c/manifest.json"));
        Assert.False(ignore.Excludes("core/CrossModal.Core.csproj"));
        Assert.False(ignore.Excludes("Directory.Build.targets"));
    }

    /// <summary>The root .dockerignore's rules: later rules win, '!' re-includes, '**/' matches at any depth.</summary>
    sealed class DockerIgnore(List<(Regex Pattern, bool Include)> rules)
    {
        public static DockerIgnore Load()
        {
            var rules = new List<(Regex, bool)>();
            foreach (var raw in File.ReadAllLines(Repo.Path(".dockerignore")))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var include = line.StartsWith('!');
                var pattern = line.TrimStart('!').Trim('/');
                var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*") + "(/.*)?$";
                rules.Add((new Regex(regex), include));
            }
            return new DockerIgnore(rules);
        }

        public bool Excludes(string path)
        {
            var excluded = false;
            foreach (var (pattern, include) in rules)
                if (pattern.IsMatch(path)) excluded = !include;
            return excluded;
        }
    }
}
