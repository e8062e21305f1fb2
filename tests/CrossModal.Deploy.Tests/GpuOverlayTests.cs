using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>The generator on a GPU node with the CUDA image in the gpu overlay, and nothing of that in the cpu overlay.</summary>
public sealed class GpuOverlayTests
{
    const string Gpu = "nvidia.com/gpu";

    [Fact]
    public void The_gpu_overlay_puts_the_generator_on_one_gpu_with_the_cuda_image()
    {
        var m = Render("gpu");
        var generator = m.Get("Deployment", "generator");
        var pod = PodSpec(generator);
        var container = Container(generator, "generator");

        Assert.Equal("1", Str(container["resources"]!["limits"]![Gpu]));
        Assert.Equal("true", Str(pod["nodeSelector"]?["nvidia.com/gpu.present"]));
        Assert.Contains(Array(pod["tolerations"]), t => Str(t["key"]) == Gpu && Str(t["operator"]) == "Exists" && Str(t["effect"]) == "NoSchedule");
        Assert.EndsWith("-cuda", Str(container["image"]));
        // The explicit variable wins over the ConfigMap's CrossModal__Device=cpu (env beats envFrom).
        Assert.Contains(Array(container["env"]), e => Str(e["name"]) == "CrossModal__Device" && Str(e["value"]) == "cuda");
        // The device plugin names the allocated GPU in NVIDIA_VISIBLE_DEVICES; setting it here could expose every GPU.
        Assert.DoesNotContain(Array(container["env"]), e => Str(e["name"]) == "NVIDIA_VISIBLE_DEVICES");
        Assert.Equal("Recreate", Str(generator["spec"]!["strategy"]!["type"]));
    }

    [Fact]
    public void Only_the_generator_asks_for_a_gpu_in_the_gpu_overlay()
    {
        var m = Render("gpu");
        foreach (var workload in m.Workloads.Where(w => Name(w) != "generator"))
        {
            Assert.Null(PodSpec(workload)["nodeSelector"]);
            Assert.Null(PodSpec(workload)["tolerations"]);
            foreach (var container in Containers(workload))
            {
                Assert.Null(container["resources"]?["limits"]?[Gpu]);
                Assert.DoesNotContain("-cuda", Str(container["image"]));
            }
        }
        // The init container that seeds the store needs no GPU either.
        Assert.All(Containers(m.Get("Deployment", "generator")).Where(c => Str(c["name"]) != "generator"),
            c => Assert.Null(c["resources"]?["limits"]?[Gpu]));
    }

    [Fact]
    public void The_cpu_overlay_has_no_gpu_placement_and_computes_on_the_cpu()
    {
        var m = Render("cpu");
        foreach (var workload in m.Workloads)
        {
            var pod = PodSpec(workload);
            Assert.Null(pod["nodeSelector"]);
            Assert.Null(pod["tolerations"]);
            foreach (var container in Containers(workload))
            {
                Assert.Null(container["resources"]?["limits"]?[Gpu]);
                Assert.DoesNotContain("-cuda", Str(container["image"]));
                Assert.DoesNotContain(Array(container["env"]), e => Str(e["name"]) == "CrossModal__Device");
            }
        }
        Assert.Equal("cpu", Str(m.Generated("ConfigMap", "services-config")["data"]!["CrossModal__Device"]));
    }
}
