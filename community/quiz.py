"""Grading a lesson's quiz: a pure function of the questions staff wrote and the learner's choices."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionResult:
    key: str
    prompt: str
    chosen: tuple[int, ...]
    right: tuple[int, ...]
    explanation: str

    @property
    def correct(self) -> bool:
        return self.chosen == self.right


@dataclass(frozen=True)
class Grade:
    results: tuple[QuestionResult, ...]
    pass_mark: int

    @property
    def correct(self) -> int:
        return sum(1 for result in self.results if result.correct)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def passed(self) -> bool:
        # Integers only: correct/total >= pass_mark/100.
        return self.total > 0 and self.correct * 100 >= self.pass_mark * self.total


def questions_of(lesson) -> list:
    """(key, value) for each question block; the block id is stable across edits of other questions."""
    return [(str(block.id), block.value) for block in lesson.quiz if block.block_type == "question"]


def grade(*, questions: list, answers: dict[str, list[int]], pass_mark: int) -> Grade:
    results = []
    for key, value in questions:
        right = tuple(index for index, choice in enumerate(value["choices"]) if choice["correct"])
        chosen = tuple(sorted(set(answers.get(key, []))))
        results.append(
            QuestionResult(
                key=key, prompt=value["prompt"], chosen=chosen, right=right, explanation=value["explanation"]
            )
        )
    return Grade(results=tuple(results), pass_mark=pass_mark)
