using CrossModal.Core.Evaluation;
using CrossModal.DatasetTools.Reporting;

namespace CrossModal.Core.Tests.Reporting;

/// <summary>The report's pose table: each parameter's sound ceiling beside what the judges read.</summary>
public class PoseResultsMarkdownTests
{
    [Fact]
    public void ThePoseTableShowsHowMuchTheSoundDeterminesBesideTheGeneratedR()
    {
        var d = new ReportDocument();
        var evaluation = new PoseEvaluation("pose-cello", "cello", "test (validation)", 160, 1,
        [
            new PoseParameterResult(0, "bow position", 0.84, 0.02, 0.15, 0.14, SoundR: 0.17),
            new PoseParameterResult(1, "left hand along the neck", 0.78, 0.77, 0.20, 0.17, SoundR: 0.95),
            new PoseParameterResult(3, "head nod", 0.02, 0.10, 0.20, 0.19),
        ]);
        ResultsMarkdown.Pose(d, [], new HashSet<string>(), [evaluation]);
        var lines = d.Markdown.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("| model | sounds | parameter | r, probe from sound | r, real frames | r, generated |", StringComparison.Ordinal));
        Assert.Contains("| pose-cello | 160 | pose_0 bow position | 0.17 | 0.84 | 0.02 |", lines.Select(l => l.Trim()).Where(l => l.Contains("bow")).Single());
        Assert.Contains("| pose-cello | 160 | pose_1 left hand along the neck | 0.95 | 0.78 | 0.77 |", lines.Single(l => l.Contains("left hand")));
        Assert.Contains("| pose-cello | 160 | pose_3 head nod | – | 0.02 | 0.10 |", lines.Single(l => l.Contains("head nod")));
    }
}
