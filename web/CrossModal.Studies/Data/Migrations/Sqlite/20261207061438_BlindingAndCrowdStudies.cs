using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrossModal.Studies.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BlindingAndCrowdStudies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Raters_StudyId",
                table: "Raters");

            migrationBuilder.AddColumn<string>(
                name: "BlindingKey",
                table: "Studies",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CompletionCode",
                table: "Studies",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompletionUrl",
                table: "Studies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MinSecondsPerSet",
                table: "Studies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ParticipantQuota",
                table: "Studies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PracticeSets",
                table: "Studies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PublicLink",
                table: "Studies",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SetsPerParticipant",
                table: "Studies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "SetSeconds",
                table: "Ratings",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "RatingSets",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentedUtc",
                table: "Raters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParticipantId",
                table: "Raters",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlatformSessionId",
                table: "Raters",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlatformStudyId",
                table: "Raters",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PracticedUtc",
                table: "Raters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Studies_PublicLink",
                table: "Studies",
                column: "PublicLink",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RatingSets_PublicId",
                table: "RatingSets",
                column: "PublicId");

            migrationBuilder.CreateIndex(
                name: "IX_Raters_StudyId_ParticipantId",
                table: "Raters",
                columns: new[] { "StudyId", "ParticipantId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Studies_PublicLink",
                table: "Studies");

            migrationBuilder.DropIndex(
                name: "IX_RatingSets_PublicId",
                table: "RatingSets");

            migrationBuilder.DropIndex(
                name: "IX_Raters_StudyId_ParticipantId",
                table: "Raters");

            migrationBuilder.DropColumn(
                name: "BlindingKey",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "CompletionCode",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "CompletionUrl",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "MinSecondsPerSet",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "ParticipantQuota",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "PracticeSets",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "PublicLink",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "SetsPerParticipant",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "SetSeconds",
                table: "Ratings");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "RatingSets");

            migrationBuilder.DropColumn(
                name: "ConsentedUtc",
                table: "Raters");

            migrationBuilder.DropColumn(
                name: "ParticipantId",
                table: "Raters");

            migrationBuilder.DropColumn(
                name: "PlatformSessionId",
                table: "Raters");

            migrationBuilder.DropColumn(
                name: "PlatformStudyId",
                table: "Raters");

            migrationBuilder.DropColumn(
                name: "PracticedUtc",
                table: "Raters");

            migrationBuilder.CreateIndex(
                name: "IX_Raters_StudyId",
                table: "Raters",
                column: "StudyId");
        }
    }
}
