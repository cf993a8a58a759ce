"""Count the words in a text file and print the ten most common ones."""

from collections import Counter
import re
import sys


def top_words(path: str, limit: int = 10) -> list[tuple[str, int]]:
    with open(path, encoding="utf-8") as file:
        words = re.findall(r"[a-z']+", file.read().lower())
    return Counter(words).most_common(limit)


if __name__ == "__main__":
    for word, count in top_words(sys.argv[1]):
        print(f"{count:6d}  {word}")
