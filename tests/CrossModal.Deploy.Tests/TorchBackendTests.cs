using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// core's TorchBackend property, read by evaluating the project with MSBuild (no restore: the CUDA package is not
/// served to the development machine, and evaluation does not need it).
/// </summary>
public sealed class TorchBackendTests
{
    const string CpuPackage = "libtorch-cpu-linux-x64", CudaPackage = "TorchSharp-cuda-linux";

    static HashSet<string> PackageReferences(params string[] properties)
    {
        var result = Repo.Run("dotnet", ["msbuild", "core/CrossModal.Core.csproj", "-getItem:PackageReference", "-nologo", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)],
            TimeSpan.FromSeconds(180), "the .NET SDK is needed to evaluate the project.");
        Assert.True(result.ExitCode == 0, $"dotnet msbuild failed: {result.Stdout}{result.Stderr}");
        var json = JsonNode.Parse(result.Stdout)!;
        return json["Items"]!["PackageReference"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToHashSet();
    }

    [Fact]
    public void By_default_core_references_the_cpu_build_of_libtorch_only()
    {
        var packages = PackageReferences();
        Assert.Contains("TorchSharp", packages);
        Assert.Contains(CpuPackage, packages);
        Assert.DoesNotContain(CudaPackage, packages);
    }

    [Fact]
    public void TorchBackend_cuda_swaps_the_cpu_libtorch_for_TorchSharp_cuda_linux()
    {
        var packages = PackageReferences("TorchBackend=cuda");
        Assert.Contains(CudaPackage, packages);
        Assert.DoesNotContain(CpuPackage, packages);
        Assert.Contains("TorchSharp", packages);
        // The rest of core's packages are the same in both builds.
        Assert.Equal(PackageReferences("TorchBackend=cpu").Except([CpuPackage]).Order(), packages.Except([CudaPackage]).Order());
    }

    [Fact]
    public void An_unknown_backend_stops_the_build_with_a_message_naming_the_choices()
    {
        var result = Repo.Run("dotnet", ["msbuild", "core/CrossModal.Core.csproj", "-t:CheckTorchBackend", "-p:TorchBackend=rocm", "-nologo", "-nodeReuse:false"],
            TimeSpan.FromSeconds(180));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TorchBackend must be cpu or cuda, got 'rocm'", result.Stdout + result.Stderr);
    }

    [Fact]
    public void The_cuda_package_has_a_central_version_matching_TorchSharp()
    {
        var versions = XDocument.Load(Repo.Path("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        // TorchSharp-cuda-linux X depends on TorchSharp X: the two must move together.
        Assert.Equal(versions["TorchSharp"], versions[CudaPackage]);
    }

    [Fact]
    public void The_libtorchsharp_patch_also_runs_after_publish_which_the_images_use()
    {
        // Directory.Build.targets marks GLIBCXX_3.4.32 weak in libLibTorchSharp.so after build and after publish; the
        // Dockerfiles publish, so the publish target is the one that matters for the images (both backends ship
        // TorchSharp's own libLibTorchSharp.so).
        var targets = XDocument.Load(Repo.Path("Directory.Build.targets"));
        var publish = targets.Descendants("Target").Single(t => (string?)t.Attribute("AfterTargets") == "Publish");
        Assert.Contains("libLibTorchSharp.so", publish.ToString());
        Assert.Contains("$(PublishDir)", publish.ToString());
    }
}
